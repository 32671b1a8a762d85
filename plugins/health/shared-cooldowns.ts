import type { SharedStore } from "../../src/index.js";
import type { Cooldown } from "./target-circuit.js";

/**
 * How long the processes that did not win a shared cooldown's probe wait for its verdict after the
 * cooldown ends, before probing themselves (the winner may have no request to send, or die).
 */
export const PROBE_LEASE_MS = 10_000;

/**
 * What the store holds for a target: a cooldown, or the news that a probe closed the circuit at
 * `until` (kept for the probe lease, for the processes that let that probe go first).
 */
export type SharedHealth = Cooldown | { until: number; level: 0; cause: "closed" };

/** The store key of a target's cooldown; the store puts the namespace before it. */
const cooldownKey = (targetKey: string) => `health:cooldown:${targetKey}`;

/** What the store holds for a target, or undefined for anything that is not that (never trusted). */
export function parseCooldown(text: string | undefined): SharedHealth | undefined {
  if (text === undefined || text.length > 200) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const { until, level, cause } = (value ?? {}) as Record<string, unknown>;
  if (typeof until !== "number" || !Number.isFinite(until)) return undefined;
  if (typeof level !== "number" || !Number.isInteger(level) || level < 0 || level > 100) return undefined;
  if (cause === "closed") return { until, level: 0, cause };
  if (cause !== "failures" && cause !== "retry_after") return undefined;
  return { until, level, cause };
}

/**
 * Cooldowns shared through a store: one key per target, holding `{ until, level, cause }` and
 * expiring when the cooldown ends, so nothing outlives it. Writes are fire-and-forget and reads run
 * in the background: the store being slow or down never holds a request up.
 */
export class SharedCooldowns {
  constructor(
    private readonly store: SharedStore,
    private readonly now: () => number,
  ) {}

  publish(targetKey: string, cooldown: Cooldown): void {
    const ttlMs = cooldown.until - this.now();
    if (ttlMs <= 0) return;
    this.store.set(cooldownKey(targetKey), JSON.stringify(cooldown), ttlMs).catch(() => undefined);
  }

  /** A probe closed the circuit: no cooldown left to adopt, and those waiting for the probe close too. */
  publishClosed(targetKey: string): void {
    const closed: SharedHealth = { until: this.now(), level: 0, cause: "closed" };
    this.store.set(cooldownKey(targetKey), JSON.stringify(closed), PROBE_LEASE_MS).catch(() => undefined);
  }

  /**
   * Claims the probe of the cooldown ending at `until` for this process: true for the first
   * process to ask (or when the store cannot answer: each process then probes for itself).
   */
  async claimProbe(targetKey: string, until: number, leaseMs: number): Promise<boolean> {
    try {
      return (await this.store.increment(`health:probe:${targetKey}:${until}`, leaseMs)) === 1;
    } catch {
      return true;
    }
  }

  async read(targetKey: string): Promise<SharedHealth | undefined> {
    try {
      return parseCooldown(await this.store.get(cooldownKey(targetKey)));
    } catch {
      return undefined;
    }
  }

  close(): Promise<void> {
    return this.store.close();
  }
}
