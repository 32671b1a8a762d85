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
import { type HeaderReader, parseRetryAfterMs } from "../../src/provider-utils.js";

/** What one failed call knew when it failed. */
export interface AnthropicErrorContext {
  provider: string;
  model: string;
  /** The request's signal: when it has aborted, the failure is the abort, whatever the SDK threw. */
  signal?: AbortSignal;
  /** Secret values (the API key) scrubbed from any provider text put into a message. */
  secrets?: readonly string[];
  /** Epoch milliseconds, for a `retry-after` given as an HTTP date (default `Date.now()`). */
  nowMs?: number;
  /** Set when the instance's `timeoutMs` ran out and ended the call (see `limitAttempt`). */
  attemptTimeoutMs?: number;
}

/** The fields of an `@anthropic-ai/sdk` error this reads; matched by shape, not by class identity. */
interface SdkErrorShape {
  name?: unknown;
  message?: unknown;
  status?: unknown;
  headers?: HeaderReader;
  type?: unknown;
  apiMessage?: unknown;
  requestID?: unknown;
}

/**
 * Any failure of an Anthropic call as the runtime's error taxonomy, the original as `cause`:
 * 429 -> RateLimitError (with `retryAfterMs`); 402 or `billing_error` -> QuotaExhaustedError;
 * 401/403 -> AuthenticationError; 404 -> ModelNotFoundError; "prompt is too long" ->
 * ContextLengthError; 413 and other 4xx -> InvalidRequestError; 408 -> TimeoutError; 409, 5xx and
 * 529 `overloaded_error` -> ProviderUnavailableError; any failure once the attempt's own limit
 * ran out (`attemptTimeoutMs`) -> TimeoutError. `x-should-retry` overrides retryability. An
 * `event: error` after HTTP 200 maps by its `error.type` the same way, with no status reported.
 * Never throws: whatever it is given, it returns an error.
 */
export function mapAnthropicError(error: unknown, context: AnthropicErrorContext): LLMProviderError {
  if (error instanceof LLMProviderError || isLLMError(error)) return error as LLMProviderError;
  const where = { provider: context.provider, model: context.model };
  if (context.attemptTimeoutMs !== undefined) {
    return new TimeoutError(
      `Anthropic did not finish answering within the instance's timeoutMs (${context.attemptTimeoutMs} ms)`,
      { ...where, phase: "attempt", cause: error },
    );
  }
  if (context.signal?.aborted) return fromAbortReason(context.signal.reason, where);
  return fromSdkError(withoutSecrets(error, context.secrets), context);
}

function fromSdkError(error: unknown, context: AnthropicErrorContext): LLMProviderError {
  const where = { provider: context.provider, model: context.model };
  const sdk = (typeof error === "object" && error !== null ? error : {}) as SdkErrorShape;
  const name = typeof sdk.name === "string" ? sdk.name : "";
  if (name === "APIUserAbortError")
    return new AbortError("the request was aborted", { ...where, cause: error });
  if (name === "APIConnectionTimeoutError") {
    return new TimeoutError("Anthropic did not answer within timeoutMs", {
      ...where,
      phase: "attempt",
      cause: error,
    });
  }
  if (name === "APIConnectionError") {
    return new ConnectionError("could not reach Anthropic", { ...where, cause: error });
  }
  if (typeof sdk.status === "number") return fromStatus(sdk.status, sdk, error, context);
  // An `event: error` inside a stream that answered 200: the SDK throws an APIError without status.
  if (name === "APIError" && typeof sdk.type === "string") {
    return fromStatus(STATUS_OF_ERROR_TYPE[sdk.type] ?? 500, sdk, error, context, false);
  }
  const message = typeof sdk.message === "string" ? sdk.message : String(error);
  if (message.startsWith("Streaming is required")) {
    return new InvalidRequestError("max_tokens is too large for a non-streaming Anthropic call", {
      ...where,
      cause: error,
      fix: "lower max_tokens (the SDK refuses above 21,333 without a timeout), set the provider's timeoutMs, or use streamResponse",
    });
  }
  if (name === "SyntaxError") {
    // The parser's message quotes the body it choked on; say what happened without echoing it.
    return new LLMProviderError("provider_error", "Anthropic answered with a body that is not valid JSON", {
      ...where,
      cause: error,
      fix: "check that the provider's baseURL points at the Anthropic API (a proxy may have answered), then retry",
    });
  }
  const said = scrub(message, context.secrets);
  return new LLMProviderError("provider_error", `the Anthropic call failed: ${said}`, {
    ...where,
    cause: error,
  });
}

function fromAbortReason(reason: unknown, where: { provider: string; model: string }): LLMProviderError {
  const name = (reason as { name?: unknown } | undefined)?.name;
  const code = (reason as { code?: unknown } | undefined)?.code;
  if (name === "TimeoutError" || code === "timeout") {
    return new TimeoutError("the request's deadline passed", { ...where, cause: reason, phase: "total" });
  }
  return new AbortError("the request was aborted", { ...where, cause: reason });
}

/**
 * The HTTP status Anthropic documents for each `error.type`: an error event inside a stream is
 * classified as that status would be (an unknown type as a server error), without reporting it.
 */
const STATUS_OF_ERROR_TYPE: Record<string, number> = {
  invalid_request_error: 400,
  authentication_error: 401,
  billing_error: 402,
  permission_error: 403,
  not_found_error: 404,
  conflict_error: 409,
  request_too_large: 413,
  rate_limit_error: 429,
  api_error: 500,
  timeout_error: 504,
  overloaded_error: 529,
};

function fromStatus(
  status: number,
  sdk: SdkErrorShape,
  error: unknown,
  context: AnthropicErrorContext,
  answered = true,
) {
  const type = typeof sdk.type === "string" ? sdk.type : undefined;
  const apiMessage = typeof sdk.apiMessage === "string" ? scrub(sdk.apiMessage, context.secrets) : "";
  const shouldRetry = sdk.headers?.get("x-should-retry");
  const details: ProviderErrorDetails = {
    provider: context.provider,
    model: context.model,
    status: answered ? status : undefined,
    cause: error,
    requestId:
      typeof sdk.requestID === "string" ? sdk.requestID : (sdk.headers?.get("request-id") ?? undefined),
    providerCode: type,
    retryable: shouldRetry === "true" ? true : shouldRetry === "false" ? false : undefined,
  };
  const verb = answered ? "answered" : "sent in the stream";
  const said = `Anthropic ${verb}${type ? ` ${type}` : ""}${apiMessage ? `: ${apiMessage}` : ""}`;
  if (status === 429) {
    const retryAfterMs = parseRetryAfterMs(sdk.headers, context.nowMs ?? Date.now());
    return new RateLimitError(said, { ...details, retryAfterMs });
  }
  if (status === 402 || type === "billing_error") return new QuotaExhaustedError(said, details);
  if (status === 401 || status === 403) return new AuthenticationError(said, details);
  if (status === 404) return new ModelNotFoundError(said, details);
  if (status === 408) return new TimeoutError(said, details);
  if (status === 413) {
    return new InvalidRequestError(`the request is too large. ${said}`, {
      ...details,
      fix: "send smaller or fewer attachments (Anthropic accepts at most 32 MB per request)",
    });
  }
  if (isContextLengthMessage(apiMessage)) return new ContextLengthError(said, details);
  if (status === 409 || status >= 500) return new ProviderUnavailableError(said, details);
  return new InvalidRequestError(said, details);
}

/** Anthropic's wordings for an input over the model's context window (400 invalid_request_error). */
function isContextLengthMessage(message: string): boolean {
  return /prompt is too long|exceed(?:s|ed)? (?:the )?context (?:limit|window)|context window/i.test(message);
}

/**
 * The error to keep as `cause`: the original, unless its text echoes a secret (a provider message
 * quoting the key), in which case a copy with the same name, status and scrubbed text.
 */
function withoutSecrets(error: unknown, secrets: readonly string[] = []): unknown {
  const text = describe(error);
  if (scrub(text, secrets) === text) return error;
  const sdk = error as SdkErrorShape;
  const copy = new Error(scrub(typeof sdk.message === "string" ? sdk.message : text, secrets));
  Object.defineProperty(copy, "name", { value: sdk.name ?? "Error" });
  return Object.assign(copy, {
    status: sdk.status,
    headers: sdk.headers,
    type: sdk.type,
    requestID: sdk.requestID,
    apiMessage: typeof sdk.apiMessage === "string" ? scrub(sdk.apiMessage, secrets) : sdk.apiMessage,
  });
}

function describe(error: unknown): string {
  if (typeof error !== "object" || error === null) return String(error);
  const { message, error: body } = error as { message?: unknown; error?: unknown };
  try {
    return `${String(message)} ${JSON.stringify(body) ?? ""}`;
  } catch {
    return String(message);
  }
}

function scrub(text: string, secrets: readonly string[] = []): string {
  return createSecretScrubber(secrets)(text);
}
