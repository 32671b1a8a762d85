import type { AttemptRecord, LLMProviderError, RequestContext } from "../../src/index.js";
import { computeRetryDelay, type GiveUpReason } from "./compute-retry-delay.js";
import type { RetryOptions } from "./retry-options.js";

/** The I/O edges of the retry decision, injected so tests control time and randomness. */
export interface RetryEnvironment {
  now: () => number;
  random: () => number;
}

/** Why the retry plugin leaves the decision to the next tap (fallback, or the kernel's fail). */
export type PassReason = "not_retryable" | "retries_exhausted" | GiveUpReason;

export type RetryVerdict =
  | { action: "retry"; delayMs: number; retryNumber: number; limit: number }
  | { action: "pass"; reason: PassReason; delayMs?: number; limit?: number };

/** onError is never asked once the request has stopped (the kernel checks that): no signal needed. */
type RequestState = Pick<RequestContext, "attempts" | "targetIndex" | "deadline">;

/** Retries already decided on the current target, counted from the attempt list (no state kept). */
function retriesOnTarget(
  attempts: readonly AttemptRecord[],
  targetIndex: number,
  errorCode?: string,
): number {
  let count = 0;
  for (const record of attempts) {
    if (record.targetIndex !== targetIndex || record.decision !== "retry") continue;
    if (errorCode === undefined || record.errorCode === errorCode) count += 1;
  }
  return count;
}

/**
 * Whether to call the same target again, and after how long. The limit is per error kind and per
 * target (`retries[kind]`, else `maxRetries`); the backoff grows with every retry of the target,
 * whatever the kind, so mixed failures do not reset it.
 */
export function decideRetry(
  error: LLMProviderError,
  context: RequestState,
  options: RetryOptions,
  environment: RetryEnvironment,
): RetryVerdict {
  if (!error.retryable) return { action: "pass", reason: "not_retryable" };
  const limit = options.retries[error.code] ?? options.maxRetries;
  if (retriesOnTarget(context.attempts, context.targetIndex, error.code) >= limit) {
    return { action: "pass", reason: "retries_exhausted", limit };
  }
  const retryNumber = retriesOnTarget(context.attempts, context.targetIndex) + 1;
  const delay = computeRetryDelay(options, {
    retryNumber,
    retryAfterMs: error.retryAfterMs,
    remainingMs: context.deadline - environment.now(),
    random: environment.random,
  });
  if ("giveUp" in delay) return { action: "pass", reason: delay.giveUp, delayMs: delay.delayMs, limit };
  return { action: "retry", delayMs: delay.delayMs, retryNumber, limit };
}
