import { expect } from "chai";
import {
  type CircuitPolicy,
  PROBE_WAIT_HINT_MS,
  TargetCircuit,
} from "../../../plugins/health/target-circuit.js";

const POLICY: CircuitPolicy = {
  consecutiveFailures: 3,
  failureRateThreshold: 0.5,
  minCallsInWindow: 10,
  failureWindowMs: 10_000,
  cooldownMs: 1000,
  cooldownBackoffFactor: 2,
  maxCooldownMs: 5000,
};

const FAILURE = { kind: "failure" } as const;
const SUCCESS = { kind: "success" } as const;
const NEUTRAL = { kind: "neutral" } as const;
const FAR = 1e12;

function failTimes(circuit: TargetCircuit, times: number, now: number) {
  const transitions = [];
  for (let i = 0; i < times; i++) {
    const owner = {};
    circuit.admit(now, owner, FAR);
    transitions.push(circuit.record(owner, FAILURE, now));
  }
  return transitions;
}

describe("TargetCircuit", () => {
  it("opens after consecutiveFailures retryable failures in a row, and skips until the cooldown ends (E6)", () => {
    const circuit = new TargetCircuit(POLICY);
    expect(failTimes(circuit, 3, 100)).to.deep.equal([undefined, undefined, "opened"]);
    expect(circuit.admit(500, {}, FAR)).to.deep.equal({
      admitted: false,
      reason: "circuit_open",
      untilMs: 1100,
    });
    expect(circuit.admit(1094, {}, FAR).admitted).to.equal(false);
  });

  it("does not open when a success breaks the run of failures", () => {
    const circuit = new TargetCircuit(POLICY);
    failTimes(circuit, 2, 0);
    const owner = {};
    circuit.admit(0, owner, FAR);
    circuit.record(owner, SUCCESS, 0);
    failTimes(circuit, 2, 0);
    expect(circuit.status).to.equal("closed");
  });

  it("never counts neutral calls (400s, auth, aborts): they leave it closed (E7, C12)", () => {
    const circuit = new TargetCircuit(POLICY);
    for (let i = 0; i < 50; i++) {
      const owner = {};
      circuit.admit(0, owner, FAR);
      expect(circuit.record(owner, NEUTRAL, 0)).to.equal(undefined);
    }
    expect(circuit.status).to.equal("closed");
  });

  it("opens on the failure rate over the window once it has minCallsInWindow calls", () => {
    const circuit = new TargetCircuit({ ...POLICY, consecutiveFailures: 100 });
    const transitions = [];
    for (let i = 0; i < 10; i++) {
      const owner = {};
      circuit.admit(i, owner, FAR);
      transitions.push(circuit.record(owner, i % 2 === 0 ? SUCCESS : FAILURE, i));
    }
    expect(transitions.slice(0, 9).every((t) => t === undefined)).to.equal(true);
    expect(transitions[9]).to.equal("opened");
  });

  it("forgets failures older than the window", () => {
    const circuit = new TargetCircuit({ ...POLICY, consecutiveFailures: 100, minCallsInWindow: 4 });
    failTimes(circuit, 3, 0);
    const owner = {};
    circuit.admit(20_000, owner, FAR);
    expect(circuit.record(owner, FAILURE, 20_000)).to.equal(undefined);
  });

  it("lets exactly one probe through after the cooldown; success closes it", () => {
    const circuit = new TargetCircuit(POLICY);
    failTimes(circuit, 3, 0);
    const probe = {};
    expect(circuit.admit(1000, probe, FAR)).to.deep.equal({ admitted: true, probe: true });
    expect(circuit.admit(1001, {}, FAR)).to.deep.equal({
      admitted: false,
      reason: "probe_in_flight",
      untilMs: 1001 + PROBE_WAIT_HINT_MS,
    });
    expect(circuit.record(probe, SUCCESS, 1200)).to.equal("closed");
    expect(circuit.admit(1201, {}, FAR)).to.deep.equal({ admitted: true, probe: false });
  });

  it("reopens after a failed probe with a cooldown twice as long, capped at maxCooldownMs", () => {
    const circuit = new TargetCircuit(POLICY);
    failTimes(circuit, 3, 0);
    const untils = [];
    let now = 1000;
    for (let i = 0; i < 4; i++) {
      const probe = {};
      expect(circuit.admit(now, probe, FAR).admitted).to.equal(true);
      expect(circuit.record(probe, FAILURE, now)).to.equal("opened");
      const cooldown = circuit.current();
      untils.push((cooldown?.until ?? 0) - now);
      now = cooldown?.until ?? 0;
    }
    expect(untils).to.deep.equal([2000, 4000, 5000, 5000]);
  });

  it("frees the probe slot, state unchanged, when the probe ends without a verdict (C9)", () => {
    const circuit = new TargetCircuit(POLICY);
    failTimes(circuit, 3, 0);
    const aborted = {};
    circuit.admit(1000, aborted, FAR);
    expect(circuit.record(aborted, NEUTRAL, 1000)).to.equal(undefined);
    expect(circuit.status).to.equal("half_open");
    expect(circuit.admit(1001, {}, FAR)).to.deep.equal({ admitted: true, probe: true });
  });

  it("frees the probe slot when its request's deadline has passed without a word", () => {
    const circuit = new TargetCircuit(POLICY);
    failTimes(circuit, 3, 0);
    circuit.admit(1000, {}, 1500);
    expect(circuit.admit(1400, {}, FAR).admitted).to.equal(false);
    expect(circuit.admit(1500, {}, FAR)).to.deep.equal({ admitted: true, probe: true });
  });

  it("cools down for a 429's Retry-After at once, capped at maxCooldownMs", () => {
    const circuit = new TargetCircuit(POLICY);
    const owner = {};
    circuit.admit(0, owner, FAR);
    expect(circuit.record(owner, { kind: "failure", retryAfterMs: 3000 }, 0)).to.equal("opened");
    expect(circuit.admit(10, {}, FAR)).to.deep.equal({
      admitted: false,
      reason: "retry_after",
      untilMs: 3000,
    });
    const capped = new TargetCircuit(POLICY);
    capped.admit(0, owner, FAR);
    capped.record(owner, { kind: "failure", retryAfterMs: 60_000 }, 0);
    expect(capped.current()?.until).to.equal(5000);
  });

  it("keeps the longer of two cooldowns set by concurrent failures (E9)", () => {
    const circuit = new TargetCircuit(POLICY);
    const first = {};
    const second = {};
    circuit.admit(0, first, FAR);
    circuit.admit(0, second, FAR);
    circuit.record(first, { kind: "failure", retryAfterMs: 4000 }, 0);
    circuit.record(second, { kind: "failure", retryAfterMs: 2000 }, 10);
    expect(circuit.current()?.until).to.equal(4000);
    circuit.record(second, { kind: "failure", retryAfterMs: 4500 }, 20);
    expect(circuit.current()?.until).to.equal(4520);
  });

  it("adopts a longer cooldown from elsewhere, never a shorter or finished one", () => {
    const circuit = new TargetCircuit(POLICY);
    expect(circuit.adopt({ until: 50, level: 0, cause: "failures" }, 100)).to.equal(false);
    expect(circuit.adopt({ until: 3000, level: 1, cause: "retry_after" }, 100)).to.equal(true);
    expect(circuit.adopt({ until: 2000, level: 0, cause: "failures" }, 100)).to.equal(false);
    expect(circuit.admit(200, {}, FAR)).to.deep.equal({
      admitted: false,
      reason: "retry_after",
      untilMs: 3000,
    });
  });

  it("admits a forced call while open, as its probe", () => {
    const circuit = new TargetCircuit(POLICY);
    failTimes(circuit, 3, 0);
    const owner = {};
    expect(circuit.admit(10, owner, FAR, true)).to.deep.equal({ admitted: true, probe: true });
    expect(circuit.record(owner, SUCCESS, 20)).to.equal("closed");
  });
});
