/**
 * Every wait a fake server makes goes through one TimerSet, so `close()` can clear them all and
 * release whoever is waiting: nothing keeps mocha alive after a test.
 */
export class TimerSet {
  private readonly pending = new Map<NodeJS.Timeout | symbol, () => void>();
  private closed = false;

  /** Resolves after `ms` (never, for Infinity), or as soon as the set is cleared. */
  sleep(ms: number): Promise<void> {
    // No scripted delay costs no timer: a setTimeout(0) would hold every reply for a millisecond.
    if (this.closed || ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      if (!Number.isFinite(ms)) {
        const key = Symbol("hang");
        this.pending.set(key, resolve);
        return;
      }
      const timer = setTimeout(() => {
        this.pending.delete(timer);
        resolve();
      }, ms);
      this.pending.set(timer, resolve);
    });
  }

  /** Whether `clear()` has run; writers stop as soon as it has. */
  get isClosed(): boolean {
    return this.closed;
  }

  clear(): void {
    this.closed = true;
    for (const [key, resolve] of this.pending) {
      if (typeof key !== "symbol") clearTimeout(key);
      resolve();
    }
    this.pending.clear();
  }
}
