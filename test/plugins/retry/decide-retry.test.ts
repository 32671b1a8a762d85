import { expect } from "chai";
import { decideRetry, type RetryEnvironment } from "../../../plugins/retry/decide-retry.js";
import type { RetryOptions } from "../../../plugins/retry/retry-options.js";
import {
  type AttemptRecord,
  AuthenticationError,
  ContextLengthError,
  InvalidRequestError,
  type LLMProviderError,
  ModelNotFoundError,
  ProviderUnavailableError,
  RateLimitError,
  TimeoutError,
} from "../../../src/index.js";

const OPTIONS: RetryOptions = {
  maxRetries: 1,
  initialDelayMs: 1000,
  backoffFactor: 2,
  maxDelayMs: 8000,
  jitter: 0,
  maxRetryAfterMs: 60_000,
  retries: {},
};

const NOW = 1_000_000;
const environment: RetryEnvironment = { now: () => NOW, random: () => 0.5 };
const where = { provider: "alpha", model: "alpha-model" };

/** An earlier failed attempt on a target that was retried. */
const retried = (targetIndex: number, errorCode: string): AttemptRecord => ({
  ...where,
  targetIndex,
  attempt: 1,
  outcome: "error",
  startedAt: NOW,
  errorCode,
  decision: "retry",
  delayMs: 1000,
  durationMs: 5,
});

function state(attempts: AttemptRecord[] = [], overrides: { targetIndex?: number; deadline?: number } = {}) {
  return {
    attempts,
    targetIndex: overrides.targetIndex ?? 0,
    deadline: overrides.deadline ?? NOW + 600_000,
    signal: new AbortController().signal,
  };
}

const decide = (
  error: LLMProviderError,
  attempts: AttemptRecord[] = [],
  options: Partial<RetryOptions> = {},
) => decideRetry(error, state(attempts), { ...OPTIONS, ...options }, environment);

describe("decideRetry", () => {
  it("retries a 503 after the initial delay", () => {
    const verdict = decide(new ProviderUnavailableError("down", { ...where, status: 503 }));
    expect(verdict).to.deep.equal({ action: "retry", delayMs: 1000, retryNumber: 1, limit: 1 });
  });

  const notRetryable: Array<[string, LLMProviderError]> = [
    ["400 invalid request", new InvalidRequestError("bad", { ...where, status: 400 })],
    ["401 authentication", new AuthenticationError("key", { ...where, status: 401 })],
    ["403 permission", new AuthenticationError("permission", { ...where, status: 403 })],
    ["404 model not found", new ModelNotFoundError("no model", { ...where, status: 404 })],
    ["400 context length", new ContextLengthError("too long", { ...where, status: 400 })],
  ];
  for (const [name, error] of notRetryable) {
    it(`never retries a ${name} error`, () => {
      expect(decide(error, [], { maxRetries: 10 })).to.deep.equal({
        action: "pass",
        reason: "not_retryable",
      });
    });
  }

  it("retries a 409 the server marked retryable (x-should-retry: true, A13)", () => {
    const error = new InvalidRequestError("conflict", { ...where, status: 409, retryable: true });
    expect(decide(error)).to.include({ action: "retry", delayMs: 1000 });
  });

  it("does not retry a 500 the server marked not retryable (x-should-retry: false, A13)", () => {
    const error = new ProviderUnavailableError("down", { ...where, status: 500, retryable: false });
    expect(decide(error)).to.deep.equal({ action: "pass", reason: "not_retryable" });
  });

  it("passes once maxRetries retries of the target were made", () => {
    const error = new ProviderUnavailableError("down", { ...where, status: 503 });
    const verdict = decide(error, [retried(0, "provider_unavailable")]);
    expect(verdict).to.deep.equal({ action: "pass", reason: "retries_exhausted", limit: 1 });
  });

  it("counts only retries of the current target, not those of an earlier one", () => {
    const error = new ProviderUnavailableError("down", { ...where, status: 503 });
    const verdict = decideRetry(
      error,
      state([retried(0, "provider_unavailable")], { targetIndex: 1 }),
      OPTIONS,
      environment,
    );
    expect(verdict).to.deep.equal({ action: "retry", delayMs: 1000, retryNumber: 1, limit: 1 });
  });

  it("stops each kind at its own configured count (B9)", () => {
    const retries = { rate_limit: 3, timeout: 2 };
    const rateLimit = new RateLimitError("slow down", { ...where, status: 429 });
    const timeout = new TimeoutError("slow", where);
    const twoRateLimits = [retried(0, "rate_limit"), retried(0, "rate_limit")];
    expect(decide(rateLimit, twoRateLimits, { retries })).to.include({ action: "retry", limit: 3 });
    expect(decide(rateLimit, [...twoRateLimits, retried(0, "rate_limit")], { retries })).to.deep.equal({
      action: "pass",
      reason: "retries_exhausted",
      limit: 3,
    });
    const twoTimeouts = [retried(0, "timeout"), retried(0, "timeout")];
    expect(decide(timeout, twoTimeouts, { retries })).to.include({ reason: "retries_exhausted", limit: 2 });
    expect(decide(rateLimit, twoTimeouts, { retries })).to.include({ action: "retry", limit: 3 });
  });

  it("uses maxRetries for a kind without its own count", () => {
    const error = new ProviderUnavailableError("down", { ...where, status: 503 });
    expect(
      decide(error, [retried(0, "provider_unavailable")], { maxRetries: 2, retries: { rate_limit: 0 } }),
    ).to.include({
      action: "retry",
      limit: 2,
    });
  });

  it("never retries a kind configured with 0 retries", () => {
    const error = new RateLimitError("slow down", { ...where, status: 429 });
    expect(decide(error, [], { maxRetries: 5, retries: { rate_limit: 0 } })).to.include({
      reason: "retries_exhausted",
    });
  });

  it("grows the backoff with every retry of the target, whatever the kind", () => {
    const error = new TimeoutError("slow", where);
    const verdict = decide(error, [retried(0, "rate_limit"), retried(0, "rate_limit")], { maxRetries: 3 });
    expect(verdict).to.deep.equal({ action: "retry", delayMs: 4000, retryNumber: 3, limit: 3 });
  });

  it("waits as long as the provider asked when that is longer than the backoff", () => {
    const error = new RateLimitError("slow down", { ...where, status: 429, retryAfterMs: 2000 });
    expect(decide(error)).to.include({ action: "retry", delayMs: 2000 });
  });

  it("gives up at once when the provider asks for more than maxRetryAfterMs", () => {
    const error = new RateLimitError("slow down", { ...where, status: 429, retryAfterMs: 120_000 });
    expect(decide(error, [], { maxRetries: 5 })).to.deep.equal({
      action: "pass",
      reason: "retry_after_above_cap",
      delayMs: 120_000,
      limit: 5,
    });
  });

  it("gives up when the wait would reach the request's deadline", () => {
    const error = new RateLimitError("slow down", { ...where, status: 429, retryAfterMs: 2000 });
    const verdict = decideRetry(error, state([], { deadline: NOW + 1999 }), OPTIONS, environment);
    expect(verdict).to.include({ action: "pass", reason: "past_deadline", delayMs: 2000 });
  });
});
