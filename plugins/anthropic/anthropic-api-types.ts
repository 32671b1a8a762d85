/**
 * The Anthropic Messages API shapes this plugin builds and reads. Request types are strict (only
 * what the converters produce); response types are tolerant (every field optional, unknown block
 * types allowed), because a newer API may add fields and block types at any time.
 */

export interface AnthropicTextBlock {
  type: "text";
  text: string;
}

export interface AnthropicImageBlock {
  type: "image";
  source: { type: "base64"; media_type: string; data: string } | { type: "url"; url: string };
}

export interface AnthropicDocumentBlock {
  type: "document";
  source:
    | { type: "base64"; media_type: "application/pdf"; data: string }
    | { type: "text"; media_type: "text/plain"; data: string }
    | { type: "url"; url: string };
  title?: string;
}

export interface AnthropicToolUseBlock {
  type: "tool_use";
  id: string;
  name: string;
  input: unknown;
  /** Who made the call (programmatic tool calling); sent back as the response gave it. */
  caller?: unknown;
}

export interface AnthropicToolResultBlock {
  type: "tool_result";
  tool_use_id: string;
  content?: string | AnthropicTextBlock[];
}

/**
 * A block the response produced and the next request must carry back unchanged: `thinking` and
 * `redacted_thinking` (with their signatures), server-tool blocks (`server_tool_use`,
 * `web_search_tool_result`, `mcp_tool_use`, ...). Every response block type has a request twin.
 */
export interface AnthropicPreservedBlock {
  type: string;
  [field: string]: unknown;
}

export type AnthropicContentBlock =
  | AnthropicTextBlock
  | AnthropicImageBlock
  | AnthropicDocumentBlock
  | AnthropicToolUseBlock
  | AnthropicToolResultBlock
  | AnthropicPreservedBlock;

export interface AnthropicMessage {
  role: "user" | "assistant";
  content: AnthropicContentBlock[];
}

export interface AnthropicTool {
  name: string;
  description?: string;
  input_schema: Record<string, unknown>;
}

export type AnthropicToolChoice =
  | { type: "auto"; disable_parallel_tool_use?: boolean }
  | { type: "any"; disable_parallel_tool_use?: boolean }
  | { type: "tool"; name: string; disable_parallel_tool_use?: boolean }
  | { type: "none" };

/** The body of `POST /v1/messages` (non-streaming). */
export interface AnthropicRequestBody {
  model: string;
  max_tokens: number;
  messages: AnthropicMessage[];
  system?: AnthropicTextBlock[];
  tools?: AnthropicTool[];
  tool_choice?: AnthropicToolChoice;
  [param: string]: unknown;
}

/** One content block of a response, as received. */
export interface AnthropicResponseBlock {
  type?: string;
  text?: string;
  id?: string;
  name?: string;
  input?: unknown;
  thinking?: string;
  signature?: string;
  data?: string;
  [field: string]: unknown;
}

export interface AnthropicResponseUsage {
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
  output_tokens_details?: { thinking_tokens?: number | null } | null;
  [field: string]: unknown;
}

/** A `message` response body, as received. */
export interface AnthropicResponse {
  id?: string;
  type?: string;
  model?: string;
  content?: AnthropicResponseBlock[] | null;
  stop_reason?: string | null;
  stop_sequence?: string | null;
  stop_details?: { type?: string; category?: string | null; explanation?: string | null } | null;
  usage?: AnthropicResponseUsage | null;
  [field: string]: unknown;
}

/** The `delta` of a `content_block_delta` or `message_delta` event, as received. */
export interface AnthropicStreamDelta {
  type?: string;
  text?: string;
  thinking?: string;
  signature?: string;
  partial_json?: string;
  citation?: unknown;
  stop_reason?: string | null;
  stop_sequence?: string | null;
  stop_details?: AnthropicResponse["stop_details"];
  [field: string]: unknown;
}

/**
 * One event of a streamed response, as the SDK yields it (it drops `ping` and throws `error`):
 * `message_start` (the message without content, input usage), per block `content_block_start`,
 * `content_block_delta`s and `content_block_stop`, then `message_delta` (stop reason, cumulative
 * output usage) and `message_stop`.
 */
export interface AnthropicStreamEvent {
  type?: string;
  index?: number;
  message?: AnthropicResponse | null;
  content_block?: AnthropicResponseBlock | null;
  delta?: AnthropicStreamDelta | null;
  usage?: AnthropicResponseUsage | null;
  [field: string]: unknown;
}
