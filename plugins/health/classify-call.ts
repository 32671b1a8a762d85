import type { AttemptRecord, LLMProviderError } from "../../src/index.js";
import type { CallResult } from "./target-circuit.js";

/**
 * The kinds of failure that say a target is struggling: rate limited, unavailable or overloaded,
 * too slow, unreachable. Anything else (authentication, invalid request, context length, quota,
 * content filter, a malformed answer) says the request or the account is wrong, and cooling the
 * target down would only hide it.
 */
const HEALTH_FAILURES: ReadonlySet<string> = new Set([
  "rate_limit",
  "provider_unavailable",
  "timeout",
  "connection",
]);

/** What a finished provider call says about its target's health. */
export function classifyCall(record: Pick<AttemptRecord, "outcome">, error?: LLMProviderError): CallResult {
  if (record.outcome === "success") return { kind: "success" };
  if (error === undefined || !HEALTH_FAILURES.has(error.code)) return { kind: "neutral" };
  // The request's own deadline running out (or the caller's abort) is not the provider's failure.
  if (error.code === "timeout" && (error as { phase?: string }).phase === "total") return { kind: "neutral" };
  return error.retryAfterMs === undefined
    ? { kind: "failure" }
    : { kind: "failure", retryAfterMs: error.retryAfterMs };
}
