import { expect } from "chai";
import { HealthBoard, PROBE_LEASE_MS } from "../../../plugins/health/health-board.js";
import { parseCooldown, SharedCooldowns } from "../../../plugins/health/shared-cooldowns.js";
import { createMemoryStore, type Target } from "../../../src/index.js";

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

describe("HealthBoard sharing through a store", () => {
  it("adopts a cooldown another board published, once it syncs", async () => {
    let now = 1000;
    const store = createMemoryStore({ now: () => now });
    const policy = { ...POLICY, whenAllCooling: "fail" as const };
    const first = new HealthBoard(policy, () => now, new SharedCooldowns(store, () => now));
    const second = new HealthBoard(policy, () => now, new SharedCooldowns(store, () => now));
    expect(second.admit(CHAIN, 0, {}, 1e12).admitted).to.equal(true);
    coolFor(first, CHAIN[0], 30_000);
    await new Promise((resolve) => setImmediate(resolve));
    expect(second.admit(CHAIN, 0, {}, 1e12).admitted, "not before its sync").to.equal(true);
    await second.sync();
    expect(second.admit(CHAIN, 0, {}, 1e12)).to.deep.equal({
      admitted: false,
      reason: "retry_after",
      untilMs: 31_000,
    });
    now = 31_000;
    expect(second.admit(CHAIN, 0, {}, 1e12)).to.deep.equal({ admitted: true, probe: true });
  });

  it("publishes again, at its next sync, a cooldown the store lost", async () => {
    const now = 1000;
    const store = createMemoryStore({ now: () => now });
    const board = new HealthBoard(
      { ...POLICY, whenAllCooling: "fail" },
      () => now,
      new SharedCooldowns(store, () => now),
    );
    coolFor(board, CHAIN[0], 30_000);
    await store.set("health:cooldown:a/m", "", 0); // lost, as when Redis restarts empty
    await board.sync();
    expect(parseCooldown(await store.get("health:cooldown:a/m"))).to.deep.equal({
      until: 31_000,
      level: 0,
      cause: "retry_after",
    });
  });
});

describe("HealthBoard probes shared through a store", () => {
  it("lets one process of those sharing a cooldown probe; the others skip until its verdict reaches them", async () => {
    let now = 1000;
    const store = createMemoryStore({ now: () => now });
    const policy = { ...POLICY, whenAllCooling: "fail" as const };
    const boards = [0, 1, 2].map(
      () => new HealthBoard(policy, () => now, new SharedCooldowns(store, () => now)),
    );
    for (const board of boards) board.admit(CHAIN, 0, {}, 1e12);
    coolFor(boards[0], CHAIN[0], 30_000);
    await new Promise((resolve) => setImmediate(resolve));
    now = 29_500;
    for (const board of boards) await board.sync(2000);
    now = 31_000;
    const probe = {};
    expect(boards[0].admit(CHAIN, 0, probe, 1e12)).to.deep.equal({ admitted: true, probe: true });
    for (const board of boards.slice(1)) {
      expect(board.admit(CHAIN, 0, {}, 1e12)).to.deep.equal({
        admitted: false,
        reason: "probe_in_flight",
        untilMs: 31_000 + PROBE_LEASE_MS,
      });
    }
    // The probe fails: a longer cooldown is published, and the others take it at their next sync.
    boards[0].record(CHAIN[0], probe, { kind: "failure", retryAfterMs: 60_000 });
    await new Promise((resolve) => setImmediate(resolve));
    for (const board of boards.slice(1)) {
      await board.sync(2000);
      expect(board.admit(CHAIN, 0, {}, 1e12)).to.deep.equal({
        admitted: false,
        reason: "retry_after",
        untilMs: 91_000,
      });
    }
  });

  it("closes with the winner when its probe succeeds, without waiting out the lease", async () => {
    let now = 1000;
    const store = createMemoryStore({ now: () => now });
    const policy = { ...POLICY, whenAllCooling: "fail" as const };
    const [winner, other] = [0, 1].map(
      () => new HealthBoard(policy, () => now, new SharedCooldowns(store, () => now)),
    );
    other.admit(CHAIN, 0, {}, 1e12);
    coolFor(winner, CHAIN[0], 30_000);
    await new Promise((resolve) => setImmediate(resolve));
    now = 30_000;
    await winner.sync(2000);
    await other.sync(2000);
    now = 31_000;
    const probe = {};
    winner.admit(CHAIN, 0, probe, 1e12);
    expect(other.admit(CHAIN, 0, {}, 1e12).admitted).to.equal(false);
    winner.record(CHAIN[0], probe, { kind: "success" });
    await new Promise((resolve) => setImmediate(resolve));
    now = 31_500;
    await other.sync(2000);
    expect(other.admit(CHAIN, 0, {}, 1e12)).to.deep.equal({ admitted: true, probe: false });
  });

  it("probes for itself when the winner's verdict never comes within the lease", async () => {
    let now = 1000;
    const store = createMemoryStore({ now: () => now });
    const policy = { ...POLICY, whenAllCooling: "fail" as const };
    const [winner, other] = [0, 1].map(
      () => new HealthBoard(policy, () => now, new SharedCooldowns(store, () => now)),
    );
    other.admit(CHAIN, 0, {}, 1e12);
    coolFor(winner, CHAIN[0], 30_000);
    await new Promise((resolve) => setImmediate(resolve));
    now = 30_000;
    await winner.sync(2000);
    await other.sync(2000);
    now = 31_000 + PROBE_LEASE_MS;
    expect(other.admit(CHAIN, 0, {}, 1e12)).to.deep.equal({ admitted: true, probe: true });
  });
});

describe("parseCooldown", () => {
  it("reads what is published and refuses anything else", () => {
    expect(parseCooldown('{"until":5,"level":1,"cause":"failures"}')).to.deep.equal({
      until: 5,
      level: 1,
      cause: "failures",
    });
    expect(parseCooldown('{"until":5,"level":0,"cause":"closed"}')).to.deep.equal({
      until: 5,
      level: 0,
      cause: "closed",
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
