/**
 * OpenAI Chat Completions (`POST /v1/chat/completions`) for the fake server: response bodies, SSE
 * chunk sequences and error replies in OpenAI's shapes, and a server that enforces OpenAI's request
 * rules (see `validate-openai-request.ts`).
 */

import { type FakeServer, type FakeServerOptions, startFakeServer } from "../fake-server.js";
import type { FakeReply, JsonReply, SseEvent, SseReply } from "../fake-server-types.js";
import { validateOpenAIRequest } from "./validate-openai-request.js";

export const OPENAI_CHAT_PATH = "/v1/chat/completions";

export interface OpenAIToolCallSpec {
  id: string;
  name: string;
  /** An object is sent as its JSON string; a string is sent as it is (to script malformed JSON). */
  arguments: Record<string, unknown> | string;
}

export interface OpenAIUsageSpec {
  promptTokens: number;
  completionTokens: number;
  cachedTokens?: number;
  reasoningTokens?: number;
}

export interface OpenAICompletionSpec {
  content?: string | null;
  toolCalls?: OpenAIToolCallSpec[];
  refusal?: string | null;
  /** Default: `tool_calls` when there are tool calls, else `stop`. Any string is sent as is. */
  finishReason?: string;
  usage?: OpenAIUsageSpec;
  model?: string;
  id?: string;
}

function toolCallBody(call: OpenAIToolCallSpec) {
  const args = typeof call.arguments === "string" ? call.arguments : JSON.stringify(call.arguments);
  return { id: call.id, type: "function", function: { name: call.name, arguments: args } };
}

/** A `usage` object as OpenAI sends it, details included. */
export function openAIUsage(usage: OpenAIUsageSpec) {
  return {
    prompt_tokens: usage.promptTokens,
    completion_tokens: usage.completionTokens,
    total_tokens: usage.promptTokens + usage.completionTokens,
    prompt_tokens_details: { cached_tokens: usage.cachedTokens ?? 0, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: usage.reasoningTokens ?? 0,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

/** A `chat.completion` body with one choice. */
export function openAIChatCompletion(spec: OpenAICompletionSpec = {}) {
  const toolCalls = spec.toolCalls?.map(toolCallBody);
  return {
    id: spec.id ?? "chatcmpl-fake0001",
    object: "chat.completion",
    created: 1_770_000_000,
    model: spec.model ?? "gpt-4o-2024-08-06",
    choices: [
      {
        index: 0,
        message: {
          role: "assistant",
          content: spec.content === undefined ? (toolCalls ? null : "") : spec.content,
          refusal: spec.refusal ?? null,
          annotations: [],
          ...(toolCalls ? { tool_calls: toolCalls } : {}),
        },
        logprobs: null,
        finish_reason: spec.finishReason ?? (toolCalls ? "tool_calls" : "stop"),
      },
    ],
    usage: openAIUsage(spec.usage ?? { promptTokens: 10, completionTokens: 5 }),
    service_tier: "default",
    system_fingerprint: "fp_fake",
  };
}

/** A JSON reply carrying an `x-request-id`, as OpenAI sends it. */
export function openAIJsonReply(body: unknown, head: Omit<JsonReply, "kind" | "body"> = {}): JsonReply {
  return { kind: "json", ...head, headers: { "x-request-id": "req_fake_ok", ...head.headers }, body };
}

/**
 * The `chat.completion.chunk` events of a streamed completion: a role delta, one delta per text
 * piece, tool calls as a start delta then argument deltas, the finish chunk, the usage chunk
 * (`choices: []`, as with `stream_options.include_usage`) and `[DONE]`.
 */
export function openAIChunkEvents(spec: OpenAICompletionSpec & { textPieces?: string[] } = {}): SseEvent[] {
  const base = {
    id: spec.id ?? "chatcmpl-fake0001",
    object: "chat.completion.chunk",
    created: 1_770_000_000,
  };
  const chunk = (delta: unknown, finishReason: string | null = null) => ({
    data: {
      ...base,
      model: spec.model ?? "gpt-4o-2024-08-06",
      choices: [{ index: 0, delta, finish_reason: finishReason }],
    },
  });
  const pieces = spec.textPieces ?? (spec.content ? [spec.content] : []);
  const events: SseEvent[] = [chunk({ role: "assistant", content: "", refusal: null })];
  for (const piece of pieces) events.push(chunk({ content: piece }));
  for (const [index, call] of (spec.toolCalls ?? []).entries()) {
    const body = toolCallBody(call);
    events.push(
      chunk({
        tool_calls: [
          { index, id: body.id, type: "function", function: { name: body.function.name, arguments: "" } },
        ],
      }),
    );
    events.push(chunk({ tool_calls: [{ index, function: { arguments: body.function.arguments } }] }));
  }
  events.push(chunk({}, spec.finishReason ?? (spec.toolCalls?.length ? "tool_calls" : "stop")));
  const usage = openAIUsage(spec.usage ?? { promptTokens: 10, completionTokens: 5 });
  events.push({ data: { ...base, model: spec.model ?? "gpt-4o-2024-08-06", choices: [], usage } });
  events.push({ data: "[DONE]" });
  return events;
}

/** An SSE reply; recorded chunk files lack the `[DONE]` terminator, so `withDone` adds it. */
export function openAISseReply(
  events: SseEvent[],
  options: Omit<SseReply, "kind" | "events"> & { withDone?: boolean } = {},
): SseReply {
  const { withDone, ...head } = options;
  const all = withDone ? [...events, { data: "[DONE]" }] : events;
  return {
    kind: "sse",
    ...head,
    headers: { "x-request-id": "req_fake_stream", ...head.headers },
    events: all,
  };
}

/**
 * The error chunk an OpenAI-compatible server sends inside a stream that already answered 200:
 * `data: {"error":{message,type,param,code}}` (the SDK throws it as an APIError without status).
 * OpenRouter puts the HTTP status it stands for in a numeric `code`.
 */
export function openAIStreamErrorEvent(
  spec: { message?: string; type?: string; code?: string | number | null } = {},
): SseEvent {
  const error = {
    message: spec.message ?? "The server had an error while processing your request. Sorry about that!",
    type: spec.type ?? "server_error",
    param: null,
    code: spec.code ?? null,
  };
  return { data: { error } };
}

export interface OpenAIErrorSpec {
  status: number;
  message?: string;
  type?: string;
  param?: string | null;
  code?: string | null;
  /** Seconds or an HTTP date, sent as `retry-after`. */
  retryAfter?: string;
  /** Milliseconds, sent as `retry-after-ms`. */
  retryAfterMs?: string;
  /** Sent as `x-should-retry` (`"true"` or `"false"`). */
  shouldRetry?: string;
  requestId?: string;
  headers?: Record<string, string>;
}

/** An error reply in OpenAI's shape: `{error:{message,type,param,code}}` with its headers. */
export function openAIErrorReply(spec: OpenAIErrorSpec): FakeReply {
  const headers: Record<string, string> = {
    "x-request-id": spec.requestId ?? "req_fake_error",
    ...spec.headers,
  };
  if (spec.retryAfter !== undefined) headers["retry-after"] = spec.retryAfter;
  if (spec.retryAfterMs !== undefined) headers["retry-after-ms"] = spec.retryAfterMs;
  if (spec.shouldRetry !== undefined) headers["x-should-retry"] = spec.shouldRetry;
  const error = {
    message: spec.message ?? `fake OpenAI error ${spec.status}`,
    type: spec.type ?? (spec.status >= 500 ? "server_error" : "invalid_request_error"),
    param: spec.param ?? null,
    code: spec.code ?? null,
  };
  return { kind: "json", status: spec.status, headers, body: { error } };
}

/** A fake server answering like OpenAI, its request rules enforced. */
export function startOpenAIFakeServer(
  options: Omit<FakeServerOptions, "validate"> = {},
): Promise<FakeServer> {
  return startFakeServer({ ...options, validate: validateOpenAIRequest });
}
