/** Shared state for plugins and the gateway: in memory (one process) or in Redis (many). */
export interface SharedStore {
  get(key: string): Promise<string | undefined>;
  /** Sets `key` to `value`, expiring after `ttlMs`. */
  set(key: string, value: string, ttlMs: number): Promise<void>;
  /** Atomically adds 1 to the counter `key` for the window starting at its first increment; returns the new count. */
  increment(key: string, windowMs: number): Promise<number>;
  close(): Promise<void>;
}
