import type { SharedStore } from "./shared-store.js";

export interface MemoryStoreOptions {
  /** The clock, in epoch milliseconds (tests pass a fake one). Default `Date.now`. */
  now?: () => number;
}

interface Entry {
  value: string;
  expiresAt: number;
}

/** How often, at most, a write also drops every expired entry, so keys never read again go too. */
const SWEEP_EVERY_MS = 1000;

/**
 * A SharedStore inside this process: a Map whose entries expire by TTL. Nothing grows without
 * bound: a read drops the expired entry it finds, and writes sweep every expired entry at most once
 * a second. Counters are plain entries holding a number, expiring at the end of their window.
 */
export function createMemoryStore(options: MemoryStoreOptions = {}): SharedStore {
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();
  let nextSweepAt = 0;

  function live(key: string, at: number): Entry | undefined {
    const entry = entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt > at) return entry;
    entries.delete(key);
    return undefined;
  }

  function sweep(at: number): void {
    if (at < nextSweepAt) return;
    nextSweepAt = at + SWEEP_EVERY_MS;
    for (const [key, entry] of entries) if (entry.expiresAt <= at) entries.delete(key);
  }

  return {
    async get(key) {
      return live(key, now())?.value;
    },
    async set(key, value, ttlMs) {
      const at = now();
      sweep(at);
      if (!(ttlMs > 0)) {
        entries.delete(key);
        return;
      }
      entries.set(key, { value, expiresAt: at + ttlMs });
    },
    async increment(key, windowMs) {
      const at = now();
      sweep(at);
      const entry = live(key, at);
      if (entry === undefined) {
        entries.set(key, { value: "1", expiresAt: at + Math.max(1, windowMs) });
        return 1;
      }
      const count = Number(entry.value) + 1;
      entry.value = String(count);
      return count;
    },
    async close() {
      entries.clear();
    },
  };
}
