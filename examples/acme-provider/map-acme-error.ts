import {
  AbortError,
  AuthenticationError,
  ConnectionError,
  ContextLengthError,
  InvalidRequestError,
  LLMProviderError,
  ModelNotFoundError,
  type ProviderErrorDetails,
  ProviderUnavailableError,
  QuotaExhaustedError,
  RateLimitError,
  TimeoutError,
} from "../../src/index.js";

type Target = { provider: string; model: string };
type ErrorClass = new (message: string, details: ProviderErrorDetails) => LLMProviderError;

/** Acme's error kinds (`{"error": {"kind", "message"}}`), each to one class of the taxonomy. */
const ERROR_CLASSES: Record<string, ErrorClass> = {
  rate_limited: RateLimitError,
  no_credit: QuotaExhaustedError,
  bad_key: AuthenticationError,
  unknown_model: ModelNotFoundError,
  too_long: ContextLengthError,
  bad_request: InvalidRequestError,
  overloaded: ProviderUnavailableError,
};

function classForStatus(status: number): ErrorClass | undefined {
  if (status === 429) return RateLimitError;
  if (status === 401 || status === 403) return AuthenticationError;
  if (status === 404) return ModelNotFoundError;
  if (status >= 500) return ProviderUnavailableError;
  if (status >= 400) return InvalidRequestError;
  return undefined;
}

/** Acme's `retry-after` is in seconds. */
function retryAfterMs(headers: Headers): number | undefined {
  const seconds = Number(headers.get("retry-after"));
  return Number.isFinite(seconds) && seconds >= 0 && headers.has("retry-after") ? seconds * 1000 : undefined;
}

/** A non-2xx answer as a typed error. The message may quote Acme's text; the kernel scrubs secrets by value. */
export function mapAcmeHttpError(status: number, body: unknown, headers: Headers, target: Target) {
  const error = (body as { error?: { kind?: unknown; message?: unknown } } | undefined)?.error;
  const kind = typeof error?.kind === "string" ? error.kind : undefined;
  const known = kind !== undefined && Object.hasOwn(ERROR_CLASSES, kind) ? ERROR_CLASSES[kind] : undefined;
  const ErrorType = known ?? classForStatus(status);
  const text = typeof error?.message === "string" ? error.message : "Acme answered with an error";
  const details: ProviderErrorDetails = {
    ...target,
    status,
    providerCode: kind,
    retryAfterMs: retryAfterMs(headers),
    requestId: headers.get("x-request-id") ?? undefined,
    cause: body,
  };
  return ErrorType ? new ErrorType(text, details) : new LLMProviderError("provider_error", text, details);
}

/** A call that got no answer: the caller aborted, the attempt timed out, or the network failed. */
export function mapAcmeFetchFailure(thrown: unknown, target: Target, why: "aborted" | "timeout" | "network") {
  if (why === "aborted") return new AbortError("the request was aborted", { ...target, cause: thrown });
  if (why === "timeout") {
    return new TimeoutError("Acme did not answer within the instance's timeoutMs", {
      ...target,
      phase: "attempt",
      cause: thrown,
    });
  }
  const reason = thrown instanceof Error ? thrown.message : String(thrown);
  return new ConnectionError(`could not reach Acme: ${reason}`, { ...target, cause: thrown });
}
