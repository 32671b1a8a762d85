import { expect } from "chai";
import { RetryBudget } from "../../../plugins/health/retry-budget.js";

const POLICY = { retryBudgetRatio: 0.2, retryBudgetMinRetries: 3, retryBudgetWindowMs: 10_000 };

function retriesAllowed(budget: RetryBudget, now: number): number {
  let allowed = 0;
  while (budget.allowsRetry(now)) {
    budget.note(true, now);
    allowed += 1;
  }
  return allowed;
}

describe("RetryBudget", () => {
  it("always allows minRetries, even without traffic", () => {
    expect(retriesAllowed(new RetryBudget(POLICY), 0)).to.equal(3);
  });

  it("allows retries up to ratio × requests in the window (B7: 100 requests, 20 retries)", () => {
    const budget = new RetryBudget(POLICY);
    for (let i = 0; i < 100; i++) budget.note(false, 0);
    expect(retriesAllowed(budget, 0)).to.equal(20);
  });

  it("refills as spent retries leave the window", () => {
    const budget = new RetryBudget(POLICY);
    retriesAllowed(budget, 0);
    expect(budget.allowsRetry(5000)).to.equal(false);
    expect(budget.allowsRetry(10_000)).to.equal(true);
  });
});

describe("RetryBudget reservations", () => {
  it("counts retries granted and not yet started, and gives the place back when released", () => {
    const budget = new RetryBudget(POLICY);
    for (let i = 0; i < 3; i++) budget.reserve();
    expect(budget.allowsRetry(0)).to.equal(false);
    budget.release();
    expect(budget.allowsRetry(0)).to.equal(true);
  });
});
