/**
 * Names from the OpenTelemetry semantic conventions for generative AI clients
 * (https://opentelemetry.io/docs/specs/semconv/gen-ai/gen-ai-spans/ and gen-ai-metrics/), and the
 * runtime's own attributes under `llm_runtime.`, for what the conventions have no name for.
 */
export const ATTR = {
  operationName: "gen_ai.operation.name",
  providerName: "gen_ai.provider.name",
  requestModel: "gen_ai.request.model",
  requestTemperature: "gen_ai.request.temperature",
  requestMaxTokens: "gen_ai.request.max_tokens",
  requestTopP: "gen_ai.request.top_p",
  responseModel: "gen_ai.response.model",
  responseFinishReasons: "gen_ai.response.finish_reasons",
  usageInputTokens: "gen_ai.usage.input_tokens",
  usageOutputTokens: "gen_ai.usage.output_tokens",
  inputMessages: "gen_ai.input.messages",
  outputMessages: "gen_ai.output.messages",
  tokenType: "gen_ai.token.type",
  errorType: "error.type",
  httpStatusCode: "http.response.status_code",
  client: "llm_runtime.client",
  provider: "llm_runtime.provider",
  streaming: "llm_runtime.streaming",
  attemptCount: "llm_runtime.attempts",
  aborted: "llm_runtime.aborted",
  attemptNumber: "llm_runtime.attempt.number",
  targetIndex: "llm_runtime.attempt.target_index",
  attemptOutcome: "llm_runtime.attempt.outcome",
  attemptDecision: "llm_runtime.attempt.decision",
  retryDelayMs: "llm_runtime.attempt.retry_delay_ms",
  skipReason: "llm_runtime.attempt.skip_reason",
  fallbackFromProvider: "llm_runtime.fallback.from_provider",
  fallbackFromModel: "llm_runtime.fallback.from_model",
  fallbackToProvider: "llm_runtime.fallback.to_provider",
  fallbackToModel: "llm_runtime.fallback.to_model",
} as const;

/** The span event added to the request's span when the runtime falls back to the next target. */
export const FALLBACK_EVENT = "llm_runtime.fallback";

/** The only operation the runtime performs, in the conventions' words. */
export const CHAT = "chat";

export const METRIC = {
  operationDuration: "gen_ai.client.operation.duration",
  tokenUsage: "gen_ai.client.token.usage",
} as const;

/** The bucket boundaries the conventions advise for the two histograms. */
export const DURATION_BUCKETS_S = [
  0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92,
];
export const TOKEN_BUCKETS = [
  1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864,
];

/** The conventions' `gen_ai.provider.name` for each built-in provider type; others keep their type. */
const PROVIDER_NAMES: Readonly<Record<string, string>> = {
  openai: "openai",
  anthropic: "anthropic",
  google: "gcp.gemini",
};

export function providerName(providerType: string): string {
  return Object.hasOwn(PROVIDER_NAMES, providerType) ? PROVIDER_NAMES[providerType] : providerType;
}
