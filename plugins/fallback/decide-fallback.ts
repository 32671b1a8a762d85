import type { LLMProviderError, RequestContext, Target } from "../../src/index.js";
import type { FallbackOptions } from "./fallback-options.js";

/** Why the fallback plugin leaves the request to fail. */
export type StayReason = "kind_not_listed" | "no_next_target";

export type FallbackVerdict = { action: "fallback"; next: Target } | { action: "stay"; reason: StayReason };

/** onError is never asked once the request has stopped (the kernel checks that): no signal needed. */
type RequestState = Pick<RequestContext, "chain" | "targetIndex">;

/**
 * Whether the chain moves on after this failure. Runs after the retry tap, so it is asked only
 * once retries of the target are exhausted, or the error is not retryable, or no retry is loaded.
 */
export function decideFallback(
  error: LLMProviderError,
  context: RequestState,
  options: FallbackOptions,
): FallbackVerdict {
  if (!options.fallbackOn.includes(error.code)) return { action: "stay", reason: "kind_not_listed" };
  const next = context.chain[context.targetIndex + 1];
  if (next === undefined) return { action: "stay", reason: "no_next_target" };
  return { action: "fallback", next };
}
