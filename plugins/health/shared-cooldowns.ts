import type { SharedStore } from "../../src/index.js";
import type { Cooldown } from "./target-circuit.js";

/** The store key of a target's cooldown; the store puts the namespace before it. */
export const cooldownKey = (targetKey: string) => `health:cooldown:${targetKey}`;

/** A cooldown read back from the store, or undefined for anything that is not one (never trusted). */
export function parseCooldown(text: string | undefined): Cooldown | undefined {
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

  /** A closed circuit: the cooldown others would otherwise adopt is gone. */
  clear(targetKey: string): void {
    this.store.set(cooldownKey(targetKey), "", 0).catch(() => undefined);
  }

  async read(targetKey: string): Promise<Cooldown | undefined> {
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
