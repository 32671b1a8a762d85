import {
  AbortError,
  AuthenticationError,
  ConnectionError,
  ContextLengthError,
  InvalidRequestError,
  isLLMError,
  type LLMError,
  LLMProviderError,
  ModelNotFoundError,
  type ProviderErrorDetails,
  ProviderUnavailableError,
  QuotaExhaustedError,
  RateLimitError,
  TimeoutError,
} from "../../src/index.js";
import {
  type GoogleErrorBody,
  isQuotaSpent,
  parseGoogleErrorBody,
  readErrorReason,
  readRetryDelayMs,
} from "./parse-google-error-body.js";
import { scrubCause, scrubGoogleSecrets } from "./scrub-google-secrets.js";

export interface GoogleErrorContext {
  /** Provider instance name. */
  provider: string;
  model: string;
  /** The request's signal: an abort it carries is the caller's (or the deadline's), not a timeout. */
  signal?: AbortSignal;
  /** Per-attempt timeout, for the message. */
  timeoutMs?: number;
  /** Values that must never appear in a message or cause (the API key). */
  secrets: readonly (string | undefined)[];
}

/**
 * Maps anything @google/genai (or fetch under it) throws to the runtime's taxonomy. The SDK gives
 * an `ApiError {status, message: <JSON body text>}` without headers; a timeout or an abort is a
 * DOMException `AbortError`; a refused or reset connection is `TypeError: fetch failed`.
 */
export function mapGoogleError(error: unknown, context: GoogleErrorContext): LLMError {
  if (isLLMError(error)) return error;
  const details: ProviderErrorDetails = {
    provider: context.provider,
    model: context.model,
    cause: scrubCause(error, context.secrets),
  };
  if (isAbort(error) || context.signal?.aborted) return mapAbort(context, details);
  if (isApiError(error)) return mapApiError(error.status, error.message, context, details);
  const streamFailure = mapStreamFailure(error, details);
  if (streamFailure) return streamFailure;
  if (isConnectionFailure(error)) {
    return new ConnectionError(
      `could not reach Gemini (${describeConnectionFailure(error, context)})`,
      details,
    );
  }
  if (error instanceof SyntaxError) {
    return new ProviderUnavailableError("Gemini sent a malformed response body", {
      ...details,
      retryable: true,
    });
  }
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new LLMProviderError(
    "provider_error",
    `Gemini call failed: ${scrubGoogleSecrets(text, context.secrets)}`,
    details,
  );
}

/**
 * What @google/genai 2.32 throws itself while reading an SSE body: a body that ended inside an
 * event, or an event it could not wrap. Neither message is echoed: the second carries body bytes.
 */
function mapStreamFailure(error: unknown, details: ProviderErrorDetails): LLMError | undefined {
  const message = error instanceof Error ? error.message : "";
  if (message.startsWith("Incomplete JSON segment at the end"))
    return new ConnectionError("the Gemini stream ended inside an event (cut short)", details);
  if (message.startsWith("exception parsing stream chunk"))
    return new ProviderUnavailableError("Gemini sent a malformed stream chunk", {
      ...details,
      retryable: true,
    });
  return undefined;
}

function mapApiError(
  status: number,
  text: string,
  context: GoogleErrorContext,
  base: ProviderErrorDetails,
): LLMError {
  const body = parseGoogleErrorBody(text);
  const details: ProviderErrorDetails = { ...base, status, providerCode: body.status };
  const message = `Gemini ${body.status ?? "error"}: ${scrubGoogleSecrets(body.message, context.secrets)}`;
  if (status === 429) return mapTooManyRequests(body, message, details);
  if (status === 401 || status === 403 || isInvalidKey(body))
    return new AuthenticationError(message, details);
  if (status === 404) return new ModelNotFoundError(message, details);
  if (status === 408) return new TimeoutError(message, details);
  if (status >= 500) return new ProviderUnavailableError(message, details);
  if (status === 499) return new ProviderUnavailableError(message, { ...details, retryable: true });
  if (isContextTooLong(body)) return new ContextLengthError(message, details);
  if (status === 413) {
    const fix = "lower the google provider's inlineMaxBytes so large files go through the Files API";
    return new InvalidRequestError(message, { ...details, fix });
  }
  if (status >= 400) return new InvalidRequestError(message, details);
  return new LLMProviderError("provider_error", message, details);
}

function mapTooManyRequests(body: GoogleErrorBody, message: string, details: ProviderErrorDetails): LLMError {
  if (isQuotaSpent(body)) return new QuotaExhaustedError(message, details);
  return new RateLimitError(message, { ...details, retryAfterMs: readRetryDelayMs(body) });
}

/** Gemini answers a bad key with 400 INVALID_ARGUMENT, "API key not valid", reason API_KEY_INVALID. */
function isInvalidKey(body: GoogleErrorBody): boolean {
  return (
    readErrorReason(body) === "API_KEY_INVALID" || /API key not valid|API key expired/i.test(body.message)
  );
}

/** "The input token count (N) exceeds the maximum number of tokens allowed (M)." */
function isContextTooLong(body: GoogleErrorBody): boolean {
  return /input token count.*exceeds|exceeds the maximum number of tokens/i.test(body.message);
}

function mapAbort(context: GoogleErrorContext, details: ProviderErrorDetails): LLMError {
  const signal = context.signal;
  if (signal?.aborted) {
    const reason = signal.reason as { name?: unknown } | undefined;
    if (reason?.name === "TimeoutError") {
      return new TimeoutError("the request's deadline passed before Gemini answered", {
        ...details,
        phase: "total",
      });
    }
    return new AbortError("the caller aborted the request to Gemini", details);
  }
  const limit = context.timeoutMs === undefined ? "" : ` within ${context.timeoutMs} ms`;
  return new TimeoutError(`Gemini did not answer${limit}`, { ...details, phase: "attempt" });
}

function isAbort(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  return name === "AbortError" || name === "TimeoutError";
}

function isApiError(error: unknown): error is { status: number; message: string } {
  const candidate = error as { name?: unknown; status?: unknown; message?: unknown } | null;
  return (
    candidate?.name === "ApiError" &&
    typeof candidate.status === "number" &&
    typeof candidate.message === "string"
  );
}

const CONNECTION_CODES =
  /^(ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|EPIPE|ETIMEDOUT|EHOSTUNREACH|UND_ERR_\w+)$/;

function isConnectionFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error.cause as { code?: unknown } | undefined)?.code ?? (error as { code?: unknown }).code;
  if (typeof code === "string" && CONNECTION_CODES.test(code)) return true;
  return error instanceof TypeError && /fetch failed|terminated|other side closed/i.test(error.message);
}

function describeConnectionFailure(error: unknown, context: GoogleErrorContext): string {
  const cause = (error as Error).cause as { code?: unknown; message?: unknown } | undefined;
  const text = typeof cause?.message === "string" ? cause.message : (error as Error).message;
  return scrubGoogleSecrets(text, context.secrets);
}
