import type { Usage } from "../../contract/output.js";
import type { ErrorCode } from "../../errors/codes.js";
import type { FakeServer } from "../fake-server.js";
import type { FakeReply, RecordedRequest, SseReply } from "../fake-server-types.js";

/** A tool call the fake server should return, in provider-neutral terms. */
export interface ConformanceToolCall {
  /** The provider's call id (providers without ids may ignore it). */
  id: string;
  name: string;
  arguments: Record<string, unknown>;
}

/** The error kinds every provider is checked on; each maps to one class of the taxonomy. */
export type ConformanceErrorKind =
  | "rate_limit"
  | "quota_exhausted"
  | "authentication"
  | "model_not_found"
  | "context_length"
  | "invalid_request"
  | "provider_unavailable";

/** A provider-shaped error reply, and what the mapped error must carry. */
export interface ConformanceErrorCase {
  reply: FakeReply;
  /** The HTTP status the error must report (default: the reply's status). */
  status?: number;
  /** `retryAfterMs` the error must carry (rate limits whose reply says when to retry). */
  retryAfterMs?: number;
  /** `requestId` the error must carry, when the reply's headers give one. */
  requestId?: string;
}

/** What a recorded request carried, read back from the provider's wire format. */
export interface WireView {
  /** Every text part the request carried (system, user, assistant), in order. */
  texts: string[];
  /** Assistant tool calls replayed in the history, in order. */
  toolCalls: Array<{ id?: string; name: string; arguments: unknown }>;
  /** Tool results sent back, in order; `id` is the call id they answer, when the wire has one. */
  toolResults: Array<{ id?: string; name?: string; content: string }>;
  /** Inline images, base64 without a data-URL prefix. */
  images: Array<{ mimeType: string; base64: string }>;
  /** Names of the tools declared on the request. */
  tools: string[];
}

/** Options the suite passes when it asks for a config. */
export interface ConformanceConfigOptions {
  /** The canary API key; it must never show up in a log line or error text. */
  apiKey: string;
  /** Per-attempt timeout for the provider instance, in milliseconds, when a case needs one. */
  timeoutMs?: number;
}

/** A provider's recorded streams in `../shared/fixtures/recorded/<folder>/`, and how to serve them. */
export interface ConformanceRecordedStreams {
  /** The provider's folder under the recorded fixtures (`openai`). */
  folder: string;
  /**
   * A recorded `.chunks.txt` (the JSON payload of each line, in order) as the SSE reply the
   * provider sent: its event names and terminator (`[DONE]`) put back.
   */
  streamReply(payloads: unknown[]): SseReply;
  /** A body as the provider's non-streaming JSON reply (a recorded `.json`, or `collapse`'s result). */
  jsonReply(body: unknown): FakeReply;
  /**
   * The non-streaming body the provider sends for the same reply as these stream payloads, written
   * apart from the plugin (an oracle): the suite checks the streamed output equals `generateResponse` on it.
   */
  collapse(payloads: unknown[]): unknown;
  /**
   * Whether a recorded `.json` is the very reply the stream of the same name recorded (the same
   * response id), not another call with the same prompt; only then must usage match. Equal text
   * proves nothing: two calls can return the same words with different reasoning token counts.
   * Without it, usage is never compared against the `.json`.
   */
  isSameReply?(payloads: unknown[], body: unknown): boolean;
}

/** What the streaming cases need; a provider whose adapter has none gets them as pending cases. */
export interface ConformanceStreamAdapter {
  /** A streamed text answer, one content delta per piece, with these usage numbers, terminator included. */
  textReply(pieces: string[], usage: { promptTokens: number; completionTokens: number }): SseReply;
  /** A streamed answer holding these tool calls in order, finished as a tool-call turn. */
  toolCallReply(calls: ConformanceToolCall[]): SseReply;
  /**
   * A stream answering HTTP 200 that sends `piecesBefore` as text deltas, then the provider's
   * in-stream error event for an overloaded or failing server (OpenAI's `{"error":{"type":
   * "server_error"}}` chunk, Anthropic's `overloaded_error`), which must map to
   * ProviderUnavailableError; undefined when the provider has no in-stream error event.
   */
  errorEventReply(piecesBefore: string[]): SseReply | undefined;
  /** The provider's recorded streams; without it the recorded-stream case is pending. */
  recorded?: ConformanceRecordedStreams;
}

/**
 * Everything the conformance suite needs to know about one provider plugin. A plugin author writes
 * one of these with the plugin's protocol module and calls `defineProviderConformanceSuite(adapter)`.
 */
export interface ConformanceAdapter {
  /** Shown in the describe block, e.g. `openai`. */
  name: string;
  /** Starts the provider's fake server (with its request validator). */
  startServer(): Promise<FakeServer>;
  /**
   * A config for `createRuntime` whose `default` client talks to `server` through this provider,
   * with `options.apiKey` as the instance's key. No retry or fallback plugin: one attempt per call.
   */
  createConfig(server: FakeServer, options: ConformanceConfigOptions): Record<string, unknown>;
  /** A plain-text answer with the given usage numbers (provider-native field names). */
  textReply(text: string, usage: { promptTokens: number; completionTokens: number }): FakeReply;
  /** What `LLMOutput.usage` must equal for `textReply(_, usage)`. */
  expectedUsage(usage: { promptTokens: number; completionTokens: number }): Usage;
  /** An answer holding these tool calls, in this order, finished as a tool-call turn. */
  toolCallReply(calls: ConformanceToolCall[]): FakeReply;
  /** A text answer whose finish reason is a value this plugin cannot know. */
  unknownFinishReasonReply(text: string): FakeReply;
  /**
   * The provider's real-shaped error for `kind` (status, headers, body), or undefined when the
   * provider has no such error. `apiKey` lets an authentication error echo the key as the provider does.
   */
  errorCase(kind: ConformanceErrorKind, apiKey: string): ConformanceErrorCase | undefined;
  /** Reads what a recorded request carried. */
  readWire(request: RecordedRequest): WireView;
  /** The API key a recorded request carried (from the provider's auth header), or undefined. */
  sentApiKey(request: RecordedRequest): string | undefined;
  /** Streaming replies; optional until the provider's plugin streams (its streaming cases stay pending). */
  stream?: ConformanceStreamAdapter;
}

/** The class name and registry code each error kind must map to. */
export const CONFORMANCE_ERROR_CLASSES: Record<ConformanceErrorKind, { className: string; code: ErrorCode }> =
  {
    rate_limit: { className: "RateLimitError", code: "rate_limit" },
    quota_exhausted: { className: "QuotaExhaustedError", code: "quota_exhausted" },
    authentication: { className: "AuthenticationError", code: "authentication" },
    model_not_found: { className: "ModelNotFoundError", code: "model_not_found" },
    context_length: { className: "ContextLengthError", code: "context_length" },
    invalid_request: { className: "InvalidRequestError", code: "invalid_request" },
    provider_unavailable: { className: "ProviderUnavailableError", code: "provider_unavailable" },
  };
