import { expect } from "chai";
import { formatAttempts } from "../../src/cli/format-attempts.js";
import type { AttemptRecord } from "../../src/index.js";

const base = { targetIndex: 0, attempt: 1, startedAt: 0 };

describe("formatAttempts (chat --verbose)", () => {
  it("prints one line per attempt: provider, model, outcome, what came next, duration", () => {
    const attempts: AttemptRecord[] = [
      { ...base, provider: "a", model: "m1", outcome: "skipped", skipReason: "circuit open", durationMs: 0 },
      {
        ...base,
        provider: "b",
        model: "m2",
        outcome: "error",
        errorCode: "rate_limit",
        status: 429,
        decision: "retry",
        delayMs: 1200,
        durationMs: 35.4,
      },
      {
        ...base,
        provider: "b",
        model: "m2",
        outcome: "error",
        errorCode: "timeout",
        decision: "fallback",
        durationMs: 30000,
      },
      {
        ...base,
        provider: "c",
        model: "m3",
        outcome: "error",
        errorCode: "authentication",
        status: 401,
        decision: "fail",
        durationMs: 12,
      },
      { ...base, provider: "d", model: "m4", outcome: "success", durationMs: 812.6 },
    ];
    expect(formatAttempts(attempts).split("\n")).to.deep.equal([
      "attempt 1: a m1, skipped (circuit open) [0 ms]",
      "attempt 2: b m2, error rate_limit (HTTP 429), retry in 1200 ms [35 ms]",
      "attempt 3: b m2, error timeout, fall back to the next target [30000 ms]",
      "attempt 4: c m3, error authentication (HTTP 401), give up [12 ms]",
      "attempt 5: d m4, success [813 ms]",
      "",
    ]);
  });
});
