import type { ProviderErrorCode } from "../errors/codes.js";
import { isLLMError } from "../errors/llm-error.js";
import { isLLMProviderError, type LLMProviderError } from "../errors/provider-errors.js";
import { OpenAIHttpError } from "./openai-error.js";

/** Status, OpenAI type and code for each way a request through the runtime can finally fail. */
const UPSTREAM: Record<ProviderErrorCode, { status: number; type: string; code: string }> = {
  // 429 only when every attempt was rate limited: see `toOpenAIError`.
  rate_limit: { status: 503, type: "api_error", code: "upstream_rate_limited" },
  // The gateway's own provider accounts are the problem, not the caller's request.
  quota_exhausted: { status: 502, type: "api_error", code: "upstream_quota_exhausted" },
  authentication: { status: 502, type: "api_error", code: "upstream_authentication_failed" },
  model_not_found: { status: 502, type: "api_error", code: "upstream_model_not_found" },
  // The caller's request is what the provider refused.
  context_length: { status: 400, type: "invalid_request_error", code: "context_length_exceeded" },
  invalid_request: { status: 400, type: "invalid_request_error", code: "invalid_request" },
  content_filter: { status: 400, type: "invalid_request_error", code: "content_filter" },
  provider_unavailable: { status: 503, type: "api_error", code: "upstream_unavailable" },
  timeout: { status: 504, type: "api_error", code: "upstream_timeout" },
  connection: { status: 502, type: "api_error", code: "upstream_connection_failed" },
  // The provider's answer exceeded the runtime's size cap: an upstream failure, not the caller's.
  response_too_large: { status: 502, type: "api_error", code: "upstream_response_too_large" },
  // 499: the caller closed the connection (nobody reads it; it shows in logs and metrics).
  aborted: { status: 499, type: "api_error", code: "client_closed_request" },
  provider_error: { status: 502, type: "api_error", code: "upstream_error" },
};

/** The shortest wait any failed attempt asked for, in whole seconds (at least 1), if any asked. */
function retryAfterSeconds(errors: readonly LLMProviderError[]): string | undefined {
  const waits = errors.map((error) => error.retryAfterMs).filter((ms): ms is number => ms !== undefined);
  if (waits.length === 0) return undefined;
  return String(Math.max(1, Math.ceil(Math.min(...waits) / 1000)));
}

/**
 * Whether every target of the request was rate limited: each attempt failed with a rate limit, or
 * was skipped because an earlier 429 asked for a wait (the health plugin's `retry_after` skip).
 */
function rateLimitedEverywhere(error: LLMProviderError, failures: readonly LLMProviderError[]): boolean {
  if (error.attempts.length === 0) return failures.every((failure) => failure.code === "rate_limit");
  return error.attempts.every(
    (attempt) =>
      (attempt.outcome === "error" && attempt.errorCode === "rate_limit") ||
      (attempt.outcome === "skipped" && attempt.skipReason === "retry_after"),
  );
}

function fromProviderError(error: LLMProviderError): OpenAIHttpError {
  const failures = error.errors.length > 0 ? error.errors : [error];
  const retryAfter = retryAfterSeconds(failures);
  const headers: Record<string, string> = retryAfter ? { "retry-after": retryAfter } : {};
  if (rateLimitedEverywhere(error, failures)) {
    return new OpenAIHttpError({
      status: 429,
      type: "rate_limit_error",
      code: "rate_limit_exceeded",
      message: `every provider of this model is rate limited: ${error.message}`,
      headers,
    });
  }
  const { status, type, code } = UPSTREAM[error.code];
  return new OpenAIHttpError({ status, type, code, message: error.message, headers });
}

/**
 * The HTTP answer for an error thrown by the runtime. Provider failures keep their (scrubbed)
 * message; anything else is a 500 whose message names no internals.
 */
export function toOpenAIError(error: unknown): OpenAIHttpError {
  if (error instanceof OpenAIHttpError) return error;
  if (isLLMProviderError(error)) return fromProviderError(error);
  if (isLLMError(error) && error.code === "hook") {
    return new OpenAIHttpError({
      status: 500,
      type: "api_error",
      code: "plugin_failed",
      message: error.message,
    });
  }
  return new OpenAIHttpError({
    status: 500,
    type: "api_error",
    code: "internal_error",
    message: "the gateway failed to handle the request; see its log",
  });
}
