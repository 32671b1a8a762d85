/**
 * OpenAI Chat Completions message shapes, unchanged (snake_case), as the application stores them.
 * Every provider plugin converts from these; nothing else is accepted as history.
 */

export interface TextPart {
  type: "text";
  text: string;
}

export interface ImageUrlPart {
  type: "image_url";
  /** `url` is an http(s) URL or a `data:<mime>;base64,...` URL. */
  image_url: { url: string; detail?: "auto" | "low" | "high" };
}

export interface FilePart {
  type: "file";
  /** `file_data` is a `data:<mime>;base64,...` URL; `file_id` names a file uploaded to the provider. */
  file: { file_data?: string; file_id?: string; filename?: string };
}

export type ContentPart = TextPart | ImageUrlPart | FilePart;

export interface ToolCall {
  id: string;
  type: "function";
  /** `arguments` is a JSON string, exactly as the model produced it. */
  function: { name: string; arguments: string };
}

/** The namespaced field on an assistant message that carries provider data needed on the next turn. */
export const EXTENSION_FIELD = "llm_runtime";

/**
 * Provider data that must travel back with an assistant turn (Gemini thought signatures, Anthropic
 * thinking blocks). It is sent back only to the provider type that produced it and dropped for others.
 */
export interface AssistantExtension {
  /** The provider type that produced the turn (`google`, `anthropic`, ...). */
  providerType: string;
  model: string;
  /** Opaque to everything but the producing provider plugin. */
  data: Record<string, unknown>;
}

export interface SystemMessage {
  role: "system";
  content: string | TextPart[];
  name?: string;
}

export interface UserMessage {
  role: "user";
  content: string | ContentPart[];
  name?: string;
}

export interface AssistantMessage {
  role: "assistant";
  content: string | TextPart[] | null;
  tool_calls?: ToolCall[];
  name?: string;
  refusal?: string | null;
  [EXTENSION_FIELD]?: AssistantExtension;
}

export interface ToolMessage {
  role: "tool";
  content: string | TextPart[];
  tool_call_id: string;
  name?: string;
}

export type ChatMessage = SystemMessage | UserMessage | AssistantMessage | ToolMessage;
