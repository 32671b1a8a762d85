import { expect } from "chai";
import {
  type BackoffPolicy,
  computeBackoffMs,
  computeRetryDelay,
} from "../../../plugins/retry/compute-retry-delay.js";

const DEFAULTS: BackoffPolicy = {
  initialDelayMs: 1000,
  backoffFactor: 2,
  maxDelayMs: 8000,
  jitter: 0,
  maxRetryAfterMs: 60_000,
};

/** A seeded linear congruential generator (Numerical Recipes constants), uniform in [0, 1). */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const fixed = (value: number) => () => value;
const HOUR_MS = 3_600_000;

describe("computeRetryDelay", () => {
  const table: Array<{
    name: string;
    policy?: Partial<BackoffPolicy>;
    retryNumber?: number;
    retryAfterMs?: number;
    remainingMs?: number;
    random?: number;
    expected: ReturnType<typeof computeRetryDelay>;
  }> = [
    { name: "waits initialDelayMs before the first retry", expected: { delayMs: 1000 } },
    { name: "doubles the wait for the second retry", retryNumber: 2, expected: { delayMs: 2000 } },
    { name: "grows by the factor for the fourth retry", retryNumber: 4, expected: { delayMs: 8000 } },
    { name: "caps the backoff at maxDelayMs (B6)", retryNumber: 9, expected: { delayMs: 8000 } },
    {
      name: "caps a first delay that exceeds maxDelayMs",
      policy: { initialDelayMs: 20_000 },
      expected: { delayMs: 8000 },
    },
    {
      name: "uses a factor of 1.5",
      policy: { backoffFactor: 1.5 },
      retryNumber: 3,
      expected: { delayMs: 2250 },
    },
    { name: "treats a retry number below 1 as the first retry", retryNumber: 0, expected: { delayMs: 1000 } },
    {
      name: "takes half the delay at random with jitter 0.5 (lowest draw)",
      policy: { jitter: 0.5 },
      random: 0,
      expected: { delayMs: 500 },
    },
    {
      name: "takes half the delay at random with jitter 0.5 (middle draw)",
      policy: { jitter: 0.5 },
      random: 0.5,
      expected: { delayMs: 750 },
    },
    {
      name: "draws from 0 to the delay with full jitter",
      policy: { jitter: 1 },
      random: 0.25,
      expected: { delayMs: 250 },
    },
    {
      name: "clamps a random source that returns more than 1",
      policy: { jitter: 1 },
      random: 7,
      expected: { delayMs: 1000 },
    },
    {
      name: "clamps a random source that returns NaN",
      policy: { jitter: 1 },
      random: Number.NaN,
      expected: { delayMs: 0 },
    },
    {
      name: "waits as long as the provider asks when that is longer",
      retryAfterMs: 2000,
      expected: { delayMs: 2000 },
    },
    {
      name: "keeps the backoff when the provider asks for less (never sooner than asked, B1)",
      retryAfterMs: 0,
      expected: { delayMs: 1000 },
    },
    { name: "rounds a fractional provider delay up", retryAfterMs: 1500.2, expected: { delayMs: 1501 } },
    {
      name: "treats a past date (negative delay) as no delay (B2)",
      retryAfterMs: -5000,
      expected: { delayMs: 1000 },
    },
    {
      name: "ignores an unparsable provider delay (B2)",
      retryAfterMs: Number.NaN,
      expected: { delayMs: 1000 },
    },
    {
      name: "honours a provider delay above maxDelayMs up to maxRetryAfterMs",
      retryAfterMs: 30_000,
      expected: { delayMs: 30_000 },
    },
    {
      name: "honours a provider delay equal to maxRetryAfterMs",
      retryAfterMs: 60_000,
      expected: { delayMs: 60_000 },
    },
    {
      name: "gives up on a provider delay of a day (B3)",
      retryAfterMs: 86_400_000,
      expected: { giveUp: "retry_after_above_cap", delayMs: 86_400_000 },
    },
    {
      name: "gives up on an absurd provider delay (B3)",
      retryAfterMs: 9_999_999_999_000,
      expected: { giveUp: "retry_after_above_cap", delayMs: 9_999_999_999_000 },
    },
    {
      name: "gives up on an infinite provider delay",
      retryAfterMs: Number.POSITIVE_INFINITY,
      expected: { giveUp: "retry_after_above_cap", delayMs: Number.POSITIVE_INFINITY },
    },
    {
      name: "gives up when the provider delay would outlast the deadline",
      retryAfterMs: 2000,
      remainingMs: 1500,
      expected: { giveUp: "past_deadline", delayMs: 2000 },
    },
    {
      name: "gives up when the backoff would end exactly at the deadline",
      remainingMs: 1000,
      expected: { giveUp: "past_deadline", delayMs: 1000 },
    },
    {
      name: "retries when the backoff ends just before the deadline",
      remainingMs: 1001,
      expected: { delayMs: 1000 },
    },
    {
      name: "gives up when the deadline has already passed",
      policy: { initialDelayMs: 0 },
      remainingMs: -10,
      expected: { giveUp: "past_deadline", delayMs: 0 },
    },
  ];

  for (const row of table) {
    it(row.name, () => {
      const delay = computeRetryDelay(
        { ...DEFAULTS, ...row.policy },
        {
          retryNumber: row.retryNumber ?? 1,
          retryAfterMs: row.retryAfterMs,
          remainingMs: row.remainingMs ?? HOUR_MS,
          random: fixed(row.random ?? 0.5),
        },
      );
      expect(delay).to.deep.equal(row.expected);
    });
  }

  it("spreads the retry schedules of 100 clients that failed together, each delay within [0, cap] (B5)", () => {
    const policy = { ...DEFAULTS, jitter: 0.5 };
    const random = seededRandom(42);
    const schedules = Array.from({ length: 100 }, () =>
      [1, 2, 3, 4, 5].map((retryNumber) => {
        const delay = computeRetryDelay(policy, { retryNumber, remainingMs: HOUR_MS, random });
        if ("giveUp" in delay) throw new Error(`unexpected give-up: ${delay.giveUp}`);
        return delay.delayMs;
      }),
    );
    for (const delay of schedules.flat()) expect(delay).to.be.within(0, policy.maxDelayMs);
    expect(new Set(schedules.map((schedule) => schedule.join(","))).size).to.equal(100);
    // The first retries spread over the whole jitter window [500, 1000], not bunched at one end.
    const firstDelays = schedules.map((schedule) => schedule[0]);
    expect(Math.min(...firstDelays)).to.be.at.most(550);
    expect(Math.max(...firstDelays)).to.be.at.least(950);
    expect(new Set(firstDelays).size).to.be.greaterThan(75);
  });

  it("never exceeds maxDelayMs, and the waits plus the attempts fit the deadline (B6)", () => {
    const policy = { ...DEFAULTS, jitter: 1, maxDelayMs: 3000 };
    const random = seededRandom(7);
    const deadlineMs = 20_000;
    const attemptMs = 400;
    for (let client = 0; client < 50; client += 1) {
      let elapsedMs = attemptMs;
      for (let retryNumber = 1; retryNumber <= 10; retryNumber += 1) {
        const delay = computeRetryDelay(policy, { retryNumber, remainingMs: deadlineMs - elapsedMs, random });
        if ("giveUp" in delay) break;
        expect(delay.delayMs).to.be.within(0, policy.maxDelayMs);
        elapsedMs += delay.delayMs + attemptMs;
      }
      expect(elapsedMs).to.be.at.most(deadlineMs + attemptMs);
    }
  });
});

describe("computeBackoffMs", () => {
  it("returns whole milliseconds no larger than the capped delay for every draw", () => {
    const policy = { ...DEFAULTS, backoffFactor: 1.7, initialDelayMs: 333, jitter: 0.3 };
    const random = seededRandom(1);
    for (let retryNumber = 1; retryNumber <= 10; retryNumber += 1) {
      const cap = Math.min(policy.maxDelayMs, 333 * 1.7 ** (retryNumber - 1));
      const delay = computeBackoffMs(policy, retryNumber, random);
      expect(Number.isInteger(delay)).to.equal(true);
      expect(delay).to.be.within(Math.floor(cap * 0.7) - 1, cap);
    }
  });
});
