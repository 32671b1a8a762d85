/**
 * The one registry of error codes. Each code has a stable name (used in config, e.g. retry counts
 * per kind and fallback triggers), whether it is retryable by default, a default fix shown to the
 * user, and an informativeness rank: when a whole chain fails, the error thrown is the failure with
 * the highest rank (a context-length error says more than a timeout).
 */
export const ERROR_CODES = {
  rate_limit: { retryable: true, rank: 50, fix: "wait and retry, or add a fallback provider" },
  quota_exhausted: {
    retryable: false,
    rank: 75,
    fix: "add credit or raise the quota on the provider's console, or fall back to another account",
  },
  authentication: {
    retryable: false,
    rank: 80,
    fix: "check the provider's apiKey in the config (or its environment variable)",
  },
  model_not_found: {
    retryable: false,
    rank: 70,
    fix: "check the model name in the client's config and that this key may use it",
  },
  context_length: {
    retryable: false,
    rank: 90,
    fix: "shorten the conversation or fall back to a model with a larger context window",
  },
  invalid_request: { retryable: false, rank: 85, fix: "correct the request as the provider's message says" },
  content_filter: {
    retryable: false,
    rank: 60,
    fix: "rephrase the request; the provider's safety filter blocked it",
  },
  provider_unavailable: { retryable: true, rank: 30, fix: "retry later or add a fallback provider" },
  timeout: { retryable: true, rank: 20, fix: "raise timeoutMs or retry" },
  connection: { retryable: true, rank: 10, fix: "check the provider's baseURL and the network" },
  response_too_large: {
    retryable: false,
    rank: 45,
    fix: "raise the runtime's maxResponseBytes (or maxEventBytes for one stream event) if the answer is legitimate, or fall back",
  },
  aborted: { retryable: false, rank: 100, fix: "the caller aborted the request; nothing to fix" },
  provider_error: {
    retryable: false,
    rank: 40,
    fix: "see the cause; this may be a bug in the provider plugin",
  },
  config: { retryable: false, rank: 0, fix: "correct the config" },
  plugin: { retryable: false, rank: 0, fix: "correct the plugin or its options" },
  hook: { retryable: false, rank: 0, fix: "correct the plugin whose hook failed" },
  attachment: {
    retryable: false,
    rank: 0,
    fix: "pass a readable file inside the allowed roots and under the size limit",
  },
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** Codes of errors a provider call can end with (the kinds retry and fallback reason about). */
export const PROVIDER_ERROR_CODES = [
  "rate_limit",
  "quota_exhausted",
  "authentication",
  "model_not_found",
  "context_length",
  "invalid_request",
  "content_filter",
  "provider_unavailable",
  "timeout",
  "connection",
  "response_too_large",
  "aborted",
  "provider_error",
] as const satisfies readonly ErrorCode[];

export type ProviderErrorCode = (typeof PROVIDER_ERROR_CODES)[number];
