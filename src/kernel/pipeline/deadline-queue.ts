/**
 * The longest delay a Node.js timer supports, and so the limit of every duration (the config's and a
 * call's): Node clamps a longer setTimeout to 1 ms (with a warning); a later deadline is re-armed in steps.
 */
export const LONGEST_TIMER_MS = 2_147_483_647;

/** Something with a deadline that must be told, once, when it passes. Linked in place: no wrapper. */
export interface DeadlineEntry {
  /** When it expires, on the `performance.now()` clock (changed only while not queued). */
  expiresAt: number;
  /** Links of the queue; only the queue writes them. */
  earlier: DeadlineEntry | undefined;
  later: DeadlineEntry | undefined;
  queued: boolean;
  expire(): void;
}

/**
 * The deadlines of every request in flight, behind one timer. A Node timer per request costs about
 * 5 µs of a request's in-process time (measured against the provider call alone: a Timeout object,
 * its list, `unref`, `clearTimeout`); here a request is linked in and out of a list, and no timer is
 * touched unless it would wake too late for the new deadline. Requests of a client share one
 * timeout, so a new deadline is nearly always the latest and goes last in O(1). The timer is left
 * armed when a request ends early (the usual case): it fires once at the old time, finds nothing due
 * and re-arms for the earliest deadline still queued, if any. It is unref'd, like the timers it
 * replaces: a pending deadline never keeps the process alive.
 */
export class DeadlineQueue {
  private first: DeadlineEntry | undefined;
  private last: DeadlineEntry | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** When the armed timer wakes (performance.now clock); +Infinity when none is armed. */
  private wakesAt = Number.POSITIVE_INFINITY;

  /**
   * Queues an entry. Its `expiresAt` must be a number other than NaN (+Infinity waits for good):
   * the queue is kept in order by comparisons, which NaN or a string would make lie, leaving every
   * later deadline of the process unfired. Such an entry is refused with a TypeError.
   */
  add(entry: DeadlineEntry): void {
    if (entry.queued) return;
    if (typeof entry.expiresAt !== "number" || Number.isNaN(entry.expiresAt)) {
      throw new TypeError(`a deadline must be a number, not ${String(entry.expiresAt).slice(0, 40)}`);
    }
    let earlier = this.last;
    while (earlier !== undefined && earlier.expiresAt > entry.expiresAt) earlier = earlier.earlier;
    const later = earlier === undefined ? this.first : earlier.later;
    entry.earlier = earlier;
    entry.later = later;
    entry.queued = true;
    if (earlier === undefined) this.first = entry;
    else earlier.later = entry;
    if (later === undefined) this.last = entry;
    else later.earlier = entry;
    if (entry.expiresAt < this.wakesAt) this.arm(entry.expiresAt);
  }

  remove(entry: DeadlineEntry): void {
    if (!entry.queued) return;
    const { earlier, later } = entry;
    if (earlier === undefined) this.first = later;
    else earlier.later = later;
    if (later === undefined) this.last = earlier;
    else later.earlier = earlier;
    entry.earlier = undefined;
    entry.later = undefined;
    entry.queued = false;
  }

  private arm(at: number): void {
    clearTimeout(this.timer);
    this.wakesAt = at;
    const delay = Math.min(LONGEST_TIMER_MS, Math.max(1, Math.ceil(at - performance.now())));
    this.timer = setTimeout(this.wake, delay);
    this.timer.unref();
  }

  private readonly wake = (): void => {
    this.timer = undefined;
    this.wakesAt = Number.POSITIVE_INFINITY;
    // libuv measures a timer from the loop's cached time, so it can wake a little before `at`
    // on this clock: what is not yet due is re-armed for the time left.
    const now = performance.now();
    try {
      let due = this.first;
      while (due !== undefined && due.expiresAt <= now) {
        this.remove(due);
        due.expire();
        due = this.first;
      }
    } finally {
      // Even if an abort listener threw: the deadlines still queued must keep their timer.
      if (this.first !== undefined) this.arm(this.first.expiresAt);
    }
  };
}

/**
 * The process's queues, as Node keeps one timer list per duration for every caller: one for request
 * deadlines, one for the idle watches of streams. Each holds mostly one duration (a client's
 * timeout, its idle timeout), so an entry nearly always goes last without a walk.
 */
export const requestDeadlines = new DeadlineQueue();
export const streamIdleWatches = new DeadlineQueue();
