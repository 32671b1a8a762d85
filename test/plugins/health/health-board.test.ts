import { expect } from "chai";
import { HealthBoard } from "../../../plugins/health/health-board.js";
import { parseCooldown } from "../../../plugins/health/shared-cooldowns.js";
import type { Target } from "../../../src/index.js";

const POLICY = {
  consecutiveFailures: 1,
  failureRateThreshold: 0.5,
  minCallsInWindow: 20,
  failureWindowMs: 30_000,
  cooldownMs: 1000,
  cooldownBackoffFactor: 2,
  maxCooldownMs: 60_000,
  retryBudgetRatio: 0.2,
  retryBudgetMinRetries: 3,
  retryBudgetWindowMs: 10_000,
};

const target = (provider: string): Target => ({ provider, providerType: "scripted", model: "m", params: {} });
const CHAIN = [target("a"), target("b"), target("c")];

function coolFor(board: HealthBoard, t: Target, ms: number) {
  const owner = {};
  board.admit([t], 0, owner, 1e12);
  board.record(t, owner, { kind: "failure", retryAfterMs: ms });
}

describe("HealthBoard", () => {
  it('with "fail", skips every cooling target, each with its own reopening time (E8)', () => {
    let now = 0;
    const board = new HealthBoard({ ...POLICY, whenAllCooling: "fail" }, () => now);
    coolFor(board, CHAIN[0], 3000);
    coolFor(board, CHAIN[1], 2000);
    coolFor(board, CHAIN[2], 5000);
    now = 100;
    const owner = {};
    expect([0, 1, 2].map((index) => board.admit(CHAIN, index, owner, 1e12))).to.deep.equal([
      { admitted: false, reason: "retry_after", untilMs: 3000 },
      { admitted: false, reason: "retry_after", untilMs: 2000 },
      { admitted: false, reason: "retry_after", untilMs: 5000 },
    ]);
  });

  it('with "try-earliest", skips to the target that reopens first and admits it as its probe', () => {
    let now = 0;
    const board = new HealthBoard({ ...POLICY, whenAllCooling: "try-earliest" }, () => now);
    coolFor(board, CHAIN[0], 3000);
    coolFor(board, CHAIN[1], 2000);
    coolFor(board, CHAIN[2], 5000);
    now = 100;
    const owner = {};
    expect(board.admit(CHAIN, 0, owner, 1e12).admitted).to.equal(false);
    expect(board.admit(CHAIN, 1, owner, 1e12)).to.deep.equal({ admitted: true, probe: true });
  });

  it('with "try-earliest", never forces a target while a later one is open', () => {
    let now = 0;
    const board = new HealthBoard({ ...POLICY, whenAllCooling: "try-earliest" }, () => now);
    coolFor(board, CHAIN[0], 3000);
    now = 100;
    expect(board.admit(CHAIN, 0, {}, 1e12).admitted).to.equal(false);
    expect(board.admit(CHAIN, 1, {}, 1e12)).to.deep.equal({ admitted: true, probe: false });
  });
});

describe("parseCooldown", () => {
  it("reads what is published and refuses anything else", () => {
    expect(parseCooldown('{"until":5,"level":1,"cause":"failures"}')).to.deep.equal({
      until: 5,
      level: 1,
      cause: "failures",
    });
    for (const hostile of [
      undefined,
      "",
      "nope",
      "null",
      "[]",
      '{"until":"5","level":1,"cause":"failures"}',
      '{"until":5,"level":-1,"cause":"failures"}',
      '{"until":5,"level":1,"cause":"other"}',
      `{"until":5,"level":1,"cause":"failures","pad":"${"x".repeat(300)}"}`,
    ]) {
      expect(parseCooldown(hostile), String(hostile)).to.equal(undefined);
    }
  });
});
