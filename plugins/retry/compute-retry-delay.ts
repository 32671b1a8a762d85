/** The backoff settings of the retry plugin; every duration in milliseconds. */
export interface BackoffPolicy {
  /** Delay before the first retry of a target. */
  initialDelayMs: number;
  /** Each further retry of the same target waits this many times longer. */
  backoffFactor: number;
  /** Cap on the computed (backoff) delay; a provider's own delay may exceed it up to `maxRetryAfterMs`. */
  maxDelayMs: number;
  /** Share of the backoff delay drawn at random: 0 = none, 0.5 = "equal jitter", 1 = "full jitter". */
  jitter: number;
  /** Longest delay a provider may ask for; asking for more means "give up here". */
  maxRetryAfterMs: number;
}

export interface RetryDelayInput {
  /** 1 for the first retry of the current target, 2 for the second, ... */
  retryNumber: number;
  /** The delay the provider asked for (`error.retryAfterMs`), if any. */
  retryAfterMs?: number;
  /** Time left before the request's deadline. */
  remainingMs: number;
  /** Uniform in [0, 1): `Math.random` in production, a seeded source in tests. */
  random: () => number;
}

/** Why no retry is worth making: the provider asks for too long a wait, or the wait outlasts the deadline. */
export type GiveUpReason = "retry_after_above_cap" | "past_deadline";

export type RetryDelay = { delayMs: number } | { giveUp: GiveUpReason; delayMs: number };

const clampUnit = (value: number) => (Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0);

/** The provider's delay as a usable number: unparsable means none, a past date (negative) means now. */
function usableRetryAfter(retryAfterMs: number | undefined): number | undefined {
  if (retryAfterMs === undefined || Number.isNaN(retryAfterMs)) return undefined;
  return Math.max(0, Math.ceil(retryAfterMs));
}

/** Exponential backoff with jitter, never above `maxDelayMs`. */
export function computeBackoffMs(policy: BackoffPolicy, retryNumber: number, random: () => number): number {
  const exponent = Math.max(0, Math.floor(retryNumber) - 1);
  const base = Math.max(
    0,
    Math.min(policy.maxDelayMs, policy.initialDelayMs * policy.backoffFactor ** exponent),
  );
  const jitter = clampUnit(policy.jitter);
  return Math.floor(base * (1 - jitter) + base * jitter * clampUnit(random()));
}

/**
 * The wait before the next retry of a target: the larger of the backoff and the provider's delay
 * (a retry never comes sooner than the provider asked). Gives up instead of waiting when the
 * provider asks for more than `maxRetryAfterMs` or when the wait would reach the deadline, so a
 * fallback can act at once rather than after a doomed wait. Pure: time and randomness come in.
 */
export function computeRetryDelay(policy: BackoffPolicy, input: RetryDelayInput): RetryDelay {
  const asked = usableRetryAfter(input.retryAfterMs);
  if (asked !== undefined && asked > policy.maxRetryAfterMs)
    return { giveUp: "retry_after_above_cap", delayMs: asked };
  const delayMs = Math.max(computeBackoffMs(policy, input.retryNumber, input.random), asked ?? 0);
  if (delayMs >= input.remainingMs) return { giveUp: "past_deadline", delayMs };
  return { delayMs };
}
