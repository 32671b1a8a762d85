import type { Target } from "../../src/index.js";
import { RetryBudget, type RetryBudgetPolicy } from "./retry-budget.js";
import { PROBE_LEASE_MS, type SharedCooldowns, type SharedHealth } from "./shared-cooldowns.js";
import {
  type Admission,
  type CallResult,
  type CircuitPolicy,
  type Cooldown,
  TargetCircuit,
} from "./target-circuit.js";

export interface BoardPolicy extends CircuitPolicy, RetryBudgetPolicy {
  whenAllCooling: "fail" | "try-earliest";
}

export { PROBE_LEASE_MS } from "./shared-cooldowns.js";

/** A target's identity across requests and processes: provider instance and model. */
export const targetKeyOf = (target: Pick<Target, "provider" | "model">) =>
  `${target.provider}/${target.model}`;

/**
 * Every target's circuit and retry budget in this process, and their link to other processes'
 * cooldowns (when a shared store is configured): a cooldown opened here is published at once, and
 * `sync()` takes in those opened elsewhere.
 */
export class HealthBoard {
  private readonly circuits = new Map<string, TargetCircuit>();
  private readonly budgets = new Map<string, RetryBudget>();
  /** Per target, the end of the last cooldown whose probe this process has tried to claim. */
  private readonly claimed = new Map<string, number>();

  constructor(
    private readonly policy: BoardPolicy,
    private readonly now: () => number,
    private readonly shared?: SharedCooldowns,
    /** Told each time a circuit of this process opens (for the plugin's one warning per opening). */
    private readonly onOpened?: (target: Pick<Target, "provider" | "model">, cooldown: Cooldown) => void,
  ) {}

  /**
   * Whether the request may call `chain[index]` now. When every target from `index` on is cooling
   * and `whenAllCooling` is "try-earliest", the one that reopens first is admitted anyway (as its
   * probe); the others are skipped, so the request moves on to it.
   */
  admit(chain: readonly Target[], index: number, owner: object, ownerDeadline: number): Admission {
    const now = this.now();
    const circuit = this.circuitOf(chain[index]);
    const admission = circuit.admit(now, owner, ownerDeadline);
    if (admission.admitted || this.policy.whenAllCooling !== "try-earliest") return admission;
    for (let next = index + 1; next < chain.length; next++) {
      const reopensAt = this.circuitOf(chain[next]).reopensAt(now);
      // Another target is open now, or reopens sooner (ties go to the earlier target): skip this one.
      if (reopensAt <= now || reopensAt < admission.untilMs) return admission;
    }
    return circuit.admit(now, owner, ownerDeadline, true);
  }

  /** Takes in the outcome of a call to `target`, publishing a cooldown it opens or ends. */
  record(target: Pick<Target, "provider" | "model">, owner: object, result: CallResult): void {
    const key = targetKeyOf(target);
    const circuit = this.circuitOf(target);
    const transition = circuit.record(owner, result, this.now());
    if (transition === "opened") {
      const cooldown = circuit.current();
      if (cooldown === undefined) return;
      this.onOpened?.(target, cooldown);
      this.shared?.publish(key, cooldown);
    } else if (transition === "closed") {
      this.shared?.publishClosed(key);
    }
  }

  /** Counts a call toward the target's retry budget: a request's first call to it, or a retry. */
  noteCall(target: Target, isRetry: boolean): void {
    this.budgetOf(target).note(isRetry, this.now());
  }

  /** Holds a place in the target's budget for a retry granted; see RetryBudget.reserve. */
  reserveRetry(target: Target): void {
    this.budgetOf(target).reserve();
  }

  releaseRetry(target: Target): void {
    this.budgetOf(target).release();
  }

  retryAllowed(target: Target): boolean {
    return this.budgetOf(target).allowsRetry(this.now());
  }

  /** Whether a call to the target would be admitted now (false while it cools down). */
  isAvailable(target: Target): boolean {
    const now = this.now();
    return this.circuitOf(target).reopensAt(now) <= now;
  }

  /**
   * Reads the shared cooldown of every target this process has called and adopts the longer ones;
   * publishes again a cooldown of this process that the store lacks (one learned while the store
   * was unreachable), so it reaches the others once the store is back. For a cooldown ending
   * within `probeHorizonMs`, claims its probe: one process of all those sharing the store sends
   * it, and the others skip the target until its verdict reaches them (or `PROBE_LEASE_MS` passes).
   */
  async sync(probeHorizonMs = 0): Promise<void> {
    const shared = this.shared;
    if (shared === undefined) return;
    await Promise.all(
      [...this.circuits].map(async ([key, circuit]) => {
        const remote = await shared.read(key);
        this.takeIn(circuit, remote);
        const local = circuit.current();
        if (local === undefined) return;
        if (remote?.cause === "closed" || local.until > (remote?.until ?? 0)) shared.publish(key, local);
        if (local.until - this.now() > probeHorizonMs || this.claimed.get(key) === local.until) return;
        this.claimed.set(key, local.until);
        const leaseMs = local.until - this.now() + PROBE_LEASE_MS;
        if (!(await shared.claimProbe(key, local.until, leaseMs))) {
          circuit.yieldProbe(local.until, local.until + PROBE_LEASE_MS);
        }
      }),
    );
  }

  /** The circuit of a target, for tests and metrics. */
  circuitOf(target: Pick<Target, "provider" | "model">): TargetCircuit {
    const key = targetKeyOf(target);
    let circuit = this.circuits.get(key);
    if (circuit === undefined) {
      const created = new TargetCircuit(this.policy);
      this.circuits.set(key, created);
      // A target seen for the first time may be cooling elsewhere already: ask now, not at the next sync.
      this.shared?.read(key).then((remote) => this.takeIn(created, remote));
      circuit = created;
    }
    return circuit;
  }

  /** What another process shared: a cooldown to adopt, or a probe's success to close on. */
  private takeIn(circuit: TargetCircuit, remote: SharedHealth | undefined): void {
    if (remote === undefined) return;
    if (remote.cause === "closed") circuit.learnClosed(remote.until);
    else circuit.adopt(remote, this.now());
  }

  private budgetOf(target: Target): RetryBudget {
    const key = targetKeyOf(target);
    let budget = this.budgets.get(key);
    if (budget === undefined) {
      budget = new RetryBudget(this.policy);
      this.budgets.set(key, budget);
    }
    return budget;
  }
}
