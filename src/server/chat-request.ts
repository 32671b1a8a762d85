import type { ChatMessage } from "../contract/messages.js";
import type { ToolChoice, ToolDefinition } from "../contract/tools.js";

/** A validated `POST /v1/chat/completions` body (see CHAT_REQUEST_SCHEMA). */
export interface ChatRequestBody {
  model: string;
  messages: Array<Record<string, unknown> & { role: string }>;
  stream?: boolean | null;
  stream_options?: { include_usage?: boolean } | null;
  tools?: ToolDefinition[];
  tool_choice?: ToolChoice;
  n?: number | null;
  [param: string]: unknown;
}

/** What the gateway hands the runtime for one request. */
export interface ChatCall {
  messages: ChatMessage[];
  tools?: ToolDefinition[];
  toolChoice?: ToolChoice;
  /** Every other field of the body (temperature, max_tokens, response_format, stop, seed, ...). */
  params: Record<string, unknown>;
  stream: boolean;
  includeUsage: boolean;
}

/** Fields the gateway reads itself; everything else goes to the providers as params. */
const GATEWAY_FIELDS = new Set([
  "model",
  "messages",
  "stream",
  "stream_options",
  "tools",
  "tool_choice",
  "n",
]);

/**
 * The runtime's arguments from a validated body. A `developer` message (OpenAI's newer name for
 * the system role) becomes a system message, which every provider understands.
 */
export function toChatCall(body: ChatRequestBody): ChatCall {
  const messages = body.messages.map((message) =>
    message.role === "developer" ? { ...message, role: "system" } : message,
  ) as unknown as ChatMessage[];
  const params: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(body)) {
    if (!GATEWAY_FIELDS.has(name) && value !== undefined) params[name] = value;
  }
  return {
    messages,
    tools: body.tools && body.tools.length > 0 ? body.tools : undefined,
    toolChoice: body.tool_choice,
    params,
    stream: body.stream === true,
    includeUsage: body.stream_options?.include_usage === true,
  };
}
