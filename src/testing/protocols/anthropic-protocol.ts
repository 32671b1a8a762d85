/**
 * Anthropic Messages (`POST /v1/messages`) for the fake server: message bodies, SSE event sequences
 * and error replies in Anthropic's shapes, and a server that enforces Anthropic's request rules
 * (see `validate-anthropic-request.ts`).
 */

import { type FakeServer, type FakeServerOptions, startFakeServer } from "../fake-server.js";
import type { FakeReply, JsonReply, SseEvent, SseReply } from "../fake-server-types.js";
import { validateAnthropicRequest } from "./validate-anthropic-request.js";

export { anthropicSentApiKey } from "./validate-anthropic-request.js";

export const ANTHROPIC_MESSAGES_PATH = "/v1/messages";

export interface AnthropicToolUseSpec {
  id: string;
  name: string;
  input: Record<string, unknown>;
}

export interface AnthropicUsageSpec {
  inputTokens: number;
  outputTokens: number;
  cacheCreationInputTokens?: number;
  cacheReadInputTokens?: number;
  thinkingTokens?: number;
}

export interface AnthropicMessageSpec {
  /** Text blocks, in order (one block per string). */
  text?: string | string[];
  toolUses?: AnthropicToolUseSpec[];
  /** A thinking block sent before the text. */
  thinking?: { thinking: string; signature: string };
  /** Raw content blocks; when given, `text`, `toolUses` and `thinking` are ignored. */
  content?: unknown[];
  /** Default: `tool_use` when there are tool uses, else `end_turn`. Any string is sent as is. */
  stopReason?: string;
  usage?: AnthropicUsageSpec;
  model?: string;
  id?: string;
}

/** A `usage` object as Anthropic sends it, cache and tier fields included. */
export function anthropicUsage(usage: AnthropicUsageSpec) {
  return {
    input_tokens: usage.inputTokens,
    cache_creation_input_tokens: usage.cacheCreationInputTokens ?? 0,
    cache_read_input_tokens: usage.cacheReadInputTokens ?? 0,
    cache_creation: {
      ephemeral_5m_input_tokens: usage.cacheCreationInputTokens ?? 0,
      ephemeral_1h_input_tokens: 0,
    },
    output_tokens: usage.outputTokens,
    ...(usage.thinkingTokens === undefined
      ? {}
      : { output_tokens_details: { thinking_tokens: usage.thinkingTokens } }),
    service_tier: "standard",
  };
}

function contentBlocks(spec: AnthropicMessageSpec): unknown[] {
  if (spec.content) return spec.content;
  const texts = spec.text === undefined ? [] : Array.isArray(spec.text) ? spec.text : [spec.text];
  return [
    ...(spec.thinking ? [{ type: "thinking", ...spec.thinking }] : []),
    ...texts.map((text) => ({ type: "text", text })),
    ...(spec.toolUses ?? []).map((use) => ({
      type: "tool_use",
      id: use.id,
      name: use.name,
      input: use.input,
    })),
  ];
}

/** A `message` body. */
export function anthropicMessage(spec: AnthropicMessageSpec = {}) {
  return {
    model: spec.model ?? "claude-sonnet-4-6",
    id: spec.id ?? "msg_fake0001",
    type: "message",
    role: "assistant",
    content: contentBlocks(spec),
    stop_reason: spec.stopReason ?? (spec.toolUses?.length ? "tool_use" : "end_turn"),
    stop_sequence: null,
    usage: anthropicUsage(spec.usage ?? { inputTokens: 10, outputTokens: 5 }),
  };
}

/** A JSON reply carrying a `request-id`, as Anthropic sends it. */
export function anthropicJsonReply(body: unknown, head: Omit<JsonReply, "kind" | "body"> = {}): JsonReply {
  return { kind: "json", ...head, headers: { "request-id": "req_fake_ok", ...head.headers }, body };
}

function blockEvents(block: Record<string, unknown>, index: number): SseEvent[] {
  const event = (type: string, data: Record<string, unknown>): SseEvent => ({
    event: type,
    data: { type, ...data },
  });
  const delta = (data: Record<string, unknown>) => event("content_block_delta", { index, delta: data });
  const events = [event("content_block_start", { index, content_block: startOf(block) })];
  if (block.type === "text") events.push(delta({ type: "text_delta", text: block.text }));
  if (block.type === "tool_use")
    events.push(delta({ type: "input_json_delta", partial_json: JSON.stringify(block.input) }));
  if (block.type === "thinking") {
    events.push(delta({ type: "thinking_delta", thinking: block.thinking }));
    events.push(delta({ type: "signature_delta", signature: block.signature }));
  }
  events.push(event("content_block_stop", { index }));
  return events;
}

function startOf(block: Record<string, unknown>): Record<string, unknown> {
  if (block.type === "text") return { type: "text", text: "" };
  if (block.type === "tool_use") return { ...block, input: {} };
  if (block.type === "thinking") return { type: "thinking", thinking: "", signature: "" };
  return block;
}

/**
 * The events of a streamed message: `message_start` (input usage), per block a
 * `content_block_start`, its deltas and `content_block_stop`, a `ping`, then `message_delta`
 * (stop reason, output usage) and `message_stop`.
 */
export function anthropicStreamEvents(spec: AnthropicMessageSpec = {}): SseEvent[] {
  const message = anthropicMessage(spec);
  const start = { ...message, content: [], stop_reason: null, usage: { ...message.usage, output_tokens: 1 } };
  const events: SseEvent[] = [{ event: "message_start", data: { type: "message_start", message: start } }];
  events.push({ event: "ping", data: { type: "ping" } });
  for (const [index, block] of message.content.entries()) {
    events.push(...blockEvents(block as Record<string, unknown>, index));
  }
  const delta = { stop_reason: message.stop_reason, stop_sequence: null };
  events.push({
    event: "message_delta",
    data: { type: "message_delta", delta, usage: { output_tokens: message.usage.output_tokens } },
  });
  events.push({ event: "message_stop", data: { type: "message_stop" } });
  return events;
}

/** An SSE reply with Anthropic's `request-id` header. */
export function anthropicSseReply(
  events: SseEvent[],
  options: Omit<SseReply, "kind" | "events"> = {},
): SseReply {
  return {
    kind: "sse",
    ...options,
    headers: { "request-id": "req_fake_stream", ...options.headers },
    events,
  };
}

export interface AnthropicErrorSpec {
  status: number;
  /** Anthropic's `error.type` (default by status: `rate_limit_error`, `api_error`, ...). */
  type?: string;
  message?: string;
  /** Seconds or an HTTP date, sent as `retry-after`. */
  retryAfter?: string;
  /** Sent as `x-should-retry` (`"true"` or `"false"`). */
  shouldRetry?: string;
  requestId?: string;
  headers?: Record<string, string>;
}

const DEFAULT_ERROR_TYPES: Record<number, string> = {
  400: "invalid_request_error",
  401: "authentication_error",
  402: "billing_error",
  403: "permission_error",
  404: "not_found_error",
  413: "request_too_large",
  429: "rate_limit_error",
  529: "overloaded_error",
};

/** An error reply in Anthropic's shape: `{type:"error", error:{type, message}, request_id}`. */
export function anthropicErrorReply(spec: AnthropicErrorSpec): FakeReply {
  const requestId = spec.requestId ?? "req_fake_error";
  const headers: Record<string, string> = { "request-id": requestId, ...spec.headers };
  if (spec.retryAfter !== undefined) headers["retry-after"] = spec.retryAfter;
  if (spec.shouldRetry !== undefined) headers["x-should-retry"] = spec.shouldRetry;
  const type =
    spec.type ??
    DEFAULT_ERROR_TYPES[spec.status] ??
    (spec.status >= 500 ? "api_error" : "invalid_request_error");
  const error = { type, message: spec.message ?? `fake Anthropic error ${spec.status}` };
  return {
    kind: "json",
    status: spec.status,
    headers,
    body: { type: "error", error, request_id: requestId },
  };
}

/** A fake server answering like Anthropic, its request rules enforced. */
export function startAnthropicFakeServer(
  options: Omit<FakeServerOptions, "validate"> = {},
): Promise<FakeServer> {
  return startFakeServer({ ...options, validate: validateAnthropicRequest });
}
