import { SlidingCounts } from "./sliding-counts.js";

export interface RetryBudgetPolicy {
  retryBudgetRatio: number;
  retryBudgetMinRetries: number;
  retryBudgetWindowMs: number;
}

/**
 * Envoy's retry budget for one target: within the window, retries may add at most `ratio` of the
 * target's requests (first calls), and never fewer than `minRetries`, so a storm of failures does
 * not multiply the load on a provider that is already struggling. Pure: time comes in.
 */
export class RetryBudget {
  private readonly calls: SlidingCounts<"request" | "retry">;
  /** Retries granted and not yet started: counted at once, so a burst of failures cannot all pass. */
  private reserved = 0;

  constructor(private readonly policy: RetryBudgetPolicy) {
    this.calls = new SlidingCounts(policy.retryBudgetWindowMs);
  }

  /** Counts a call to the target: a first call of a request, or a retry. */
  note(isRetry: boolean, now: number): void {
    this.calls.add(isRetry ? "retry" : "request", now);
  }

  /** Whether one more retry fits in the budget, counting those granted and not yet started. */
  allowsRetry(now: number): boolean {
    const { retryBudgetRatio, retryBudgetMinRetries } = this.policy;
    const allowed = Math.max(
      retryBudgetMinRetries,
      Math.floor(retryBudgetRatio * this.calls.count("request", now)),
    );
    return this.calls.count("retry", now) + this.reserved < allowed;
  }

  /** Holds a place for a retry that was granted; `release` it when the retry starts or never comes. */
  reserve(): void {
    this.reserved += 1;
  }

  release(): void {
    this.reserved = Math.max(0, this.reserved - 1);
  }
}
