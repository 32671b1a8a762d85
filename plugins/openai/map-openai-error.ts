import type { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from "openai";
import {
  AbortError,
  AuthenticationError,
  ConnectionError,
  ContextLengthError,
  createSecretScrubber,
  InvalidRequestError,
  isLLMError,
  LLMProviderError,
  ModelNotFoundError,
  type ProviderErrorDetails,
  ProviderUnavailableError,
  QuotaExhaustedError,
  RateLimitError,
  TimeoutError,
} from "../../src/index.js";
import { parseRetryAfterMs } from "../../src/provider-utils.js";

/** The SDK's error classes, passed in so this file never loads the SDK itself. */
export interface OpenAIErrorClasses {
  APIError: typeof APIError;
  APIConnectionError: typeof APIConnectionError;
  APIConnectionTimeoutError: typeof APIConnectionTimeoutError;
  APIUserAbortError: typeof APIUserAbortError;
}

/** What one failed call knew when it failed. */
export interface OpenAIErrorContext {
  provider: string;
  model: string;
  classes: OpenAIErrorClasses;
  /** The request's signal: once it has aborted, the failure is the abort, whatever the SDK threw. */
  signal?: AbortSignal;
  /** Secret values (the API key) scrubbed from any provider text put into a message. */
  secrets?: readonly string[];
  /** Epoch milliseconds, for a `retry-after` given as an HTTP date (default `Date.now()`). */
  nowMs?: number;
  /** Set when the instance's `timeoutMs` ran out and ended the call (see `limitAttempt`). */
  attemptTimeoutMs?: number;
}

/** Wording of context-window errors from OpenAI-compatible servers that send no `code` (vLLM, sglang, Ollama). */
const CONTEXT_LENGTH_TEXT =
  /context length|context window|maximum context|too many tokens|prompt is too long/i;

/**
 * Any failure of an OpenAI call as the runtime's error taxonomy, the original error as `cause`:
 * 429 `insufficient_quota` -> QuotaExhaustedError; other 429 -> RateLimitError with `retryAfterMs`;
 * 401/403 -> AuthenticationError; 404 -> ModelNotFoundError; 400 `context_length_exceeded` ->
 * ContextLengthError; 408 -> TimeoutError; 409 and 5xx -> ProviderUnavailableError; other 4xx ->
 * InvalidRequestError; the SDK's timeout, connection and abort errors to their classes; any
 * failure once the attempt's own limit ran out (`attemptTimeoutMs`) to TimeoutError.
 * `x-should-retry` overrides retryability. An error chunk inside a 200 stream (no status) is
 * classified by its `code` and `type` (see `statusOfErrorChunk`) and reports no status. Never throws.
 */
export function mapOpenAIError(error: unknown, context: OpenAIErrorContext): LLMProviderError {
  if (error instanceof LLMProviderError || isLLMError(error)) return error as LLMProviderError;
  const where = { provider: context.provider, model: context.model };
  const { classes } = context;
  if (context.attemptTimeoutMs !== undefined) {
    return new TimeoutError(
      `OpenAI did not finish answering within the instance's timeoutMs (${context.attemptTimeoutMs} ms)`,
      { ...where, phase: "attempt", cause: error },
    );
  }
  if (context.signal?.aborted) {
    return new AbortError("the request was aborted by the caller", {
      ...where,
      cause: context.signal.reason,
    });
  }
  if (error instanceof classes.APIUserAbortError) {
    return new AbortError("the request was aborted", { ...where, cause: error });
  }
  if (error instanceof classes.APIConnectionTimeoutError) {
    return new TimeoutError("OpenAI did not answer within the instance's timeoutMs", {
      ...where,
      phase: "attempt",
      cause: error,
    });
  }
  if (error instanceof classes.APIConnectionError) {
    return new ConnectionError(`could not reach the server: ${scrub(causeText(error), context.secrets)}`, {
      ...where,
      cause: error,
    });
  }
  if (error instanceof classes.APIError) {
    const apiError = error as APIError<number | undefined, Headers | undefined>;
    if (typeof apiError.status === "number") return fromStatus(apiError, context, apiError.status);
    return fromStatus(apiError, context, statusOfErrorChunk(apiError), false);
  }
  return new LLMProviderError(
    "provider_error",
    "the reply from the server could not be read as a chat completion",
    {
      ...where,
      cause: error,
      fix: "check that baseURL points at an OpenAI-compatible /v1 endpoint",
    },
  );
}

/** Error kinds of an in-stream error chunk, by the status the same error has as an HTTP answer. */
const ERROR_CHUNK_STATUS: Record<string, number> = {
  insufficient_quota: 429,
  rate_limit_exceeded: 429,
  rate_limit_error: 429,
  requests: 429,
  tokens: 429,
  invalid_api_key: 401,
  authentication_error: 401,
  permission_error: 403,
  model_not_found: 404,
  context_length_exceeded: 400,
  invalid_request_error: 400,
};

/**
 * The status an error chunk sent after HTTP 200 (`data: {"error":{...}}`) stands for. OpenRouter
 * puts the HTTP status in a numeric `code`; OpenAI sends `server_error`. Anything unknown counts as
 * a server failure (500): the server broke off a reply it had accepted.
 */
function statusOfErrorChunk(error: APIError): number {
  const { code, type } = error as { code?: unknown; type?: unknown };
  if (typeof code === "number" && code >= 400 && code <= 599) return code;
  return ERROR_CHUNK_STATUS[String(code)] ?? ERROR_CHUNK_STATUS[String(type)] ?? 500;
}

function fromStatus(
  error: APIError<number | undefined, Headers | undefined>,
  context: OpenAIErrorContext,
  status: number,
  reportStatus = true,
): LLMProviderError {
  const code = error.code ?? error.type ?? undefined;
  const providerCode = code === undefined || code === null || code === "" ? undefined : String(code);
  const shouldRetry = error.headers?.get("x-should-retry");
  const details: ProviderErrorDetails = {
    provider: context.provider,
    model: context.model,
    status: reportStatus ? status : undefined,
    providerCode,
    requestId: error.requestID ?? error.headers?.get("x-request-id") ?? undefined,
    retryAfterMs: parseRetryAfterMs(error.headers, context.nowMs ?? Date.now()),
    retryable: shouldRetry === "true" ? true : shouldRetry === "false" ? false : undefined,
    cause: error,
  };
  const text = `the server answered: ${providerText(error, context.secrets)}`;
  if (status === 429) {
    if (providerCode === "insufficient_quota" || error.type === "insufficient_quota") {
      return new QuotaExhaustedError(text, details);
    }
    return new RateLimitError(text, details);
  }
  if (status === 401 || status === 403) return new AuthenticationError(text, details);
  if (status === 404) {
    return new ModelNotFoundError(text, {
      ...details,
      fix: "check the model name in the client's config, that this key may use it, and the provider's baseURL",
    });
  }
  if (status === 408) return new TimeoutError(text, { ...details, phase: "attempt" });
  if (status === 409 || status >= 500) return new ProviderUnavailableError(text, details);
  if (providerCode === "context_length_exceeded" || CONTEXT_LENGTH_TEXT.test(text)) {
    return new ContextLengthError(text, details);
  }
  return new InvalidRequestError(text, details);
}

/** The provider's own message (not the SDK's `"<status> "` prefix), scrubbed and bounded. */
export function providerText(error: APIError, secrets: readonly string[] | undefined): string {
  const body = error.error as { message?: unknown } | undefined;
  const raw = typeof body?.message === "string" ? body.message : error.message.replace(/^\d{3}\s*/, "");
  const text = scrub(raw || "(no message)", secrets);
  return text.length > 500 ? `${text.slice(0, 500)}...` : text;
}

function causeText(error: Error): string {
  const cause = error.cause instanceof Error ? error.cause.message : "";
  return cause ? `${error.message} (${cause})` : error.message;
}

function scrub(text: string, secrets: readonly string[] | undefined): string {
  return createSecretScrubber(secrets ?? [])(text);
}
