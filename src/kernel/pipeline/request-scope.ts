import { setMaxListeners } from "node:events";
import { AbortError, TimeoutError } from "../../errors/provider-errors.js";
import { type DeadlineEntry, requestDeadlines, streamIdleWatches } from "./deadline-queue.js";
import { watchCallerSignal } from "./watch-caller-signal.js";

/** Listeners one request's AbortSignal may carry: one per attempt (16 by default) and a few more. */
const MAX_SIGNAL_LISTENERS = 64;

/**
 * The lifetime of one request: it stops on the caller's signal or at the deadline, and providers
 * and waits learn of it. The AbortSignal (`signal`) is made only when something reads it: a
 * request that fails its input checks or is answered without a provider call never needs one.
 * The deadline is an entry of the process's deadline queue (one timer for every request), not a
 * timer of its own. `dispose` takes it out of the queue and removes every listener and timer it
 * added, so a long-lived caller signal shared by many requests keeps no listener behind.
 */
export class RequestScope implements DeadlineEntry {
  readonly deadline: number;
  /** The deadline on the `performance.now()` clock, for the deadline queue. */
  expiresAt: number;
  earlier: DeadlineEntry | undefined;
  later: DeadlineEntry | undefined;
  queued = false;
  private stopReason: unknown;
  private isStopped = false;
  /** Waits in progress (retry delays), woken when the request stops. */
  private readonly sleepers = new Set<(reason: unknown) => void>();
  private controller: AbortController | undefined;
  private manyListeners = false;
  private readonly timeoutMs: number;
  /** Stops watching the caller's signal; made only for one: most requests come without one. */
  private unwatchCaller: (() => void) | undefined;
  private stopHandler: (() => void) | undefined;
  private deadlinePassed = false;
  private idleWatch: IdleWatch | undefined;
  private idleMs = 0;
  private idlePassed = false;

  constructor(
    callerSignal: AbortSignal | undefined,
    timeoutMs: number,
    now: number,
    /** An injected wait (createRuntime's `sleep`); without one, `sleep` sets a timer of its own. */
    private readonly wait?: (ms: number) => Promise<void>,
  ) {
    this.deadline = now + timeoutMs;
    this.expiresAt = performance.now() + timeoutMs;
    this.timeoutMs = timeoutMs;
    requestDeadlines.add(this);
    if (callerSignal === undefined) return;
    if (callerSignal.aborted) {
      this.stop(callerSignal.reason);
      return;
    }
    this.unwatchCaller = watchCallerSignal(callerSignal, () => this.stop(callerSignal.reason));
  }

  /** Called by the deadline queue once the deadline passes. */
  expire(): void {
    if (this.stopped) return;
    this.deadlinePassed = true;
    this.stop(new Error(`deadline of ${this.timeoutMs} ms passed`));
  }

  /** Whether the request has stopped (caller's abort, deadline, stream idle). */
  get stopped(): boolean {
    return this.isStopped;
  }

  /** An AbortSignal that aborts when the request stops, made on first read (aborted if it already has). */
  get signal(): AbortSignal {
    if (this.controller === undefined) {
      this.controller = new AbortController();
      if (this.manyListeners) setMaxListeners(MAX_SIGNAL_LISTENERS, this.controller.signal);
      if (this.stopped) this.controller.abort(this.stopReason);
    }
    return this.controller.signal;
  }

  /**
   * Raises the AbortSignal's listener limit. A provider that hands `context.signal` to fetch leaves
   * one listener on it per call until the request ends, so a request making many attempts would
   * trip MaxListenersExceededWarning (at 11). Only such requests call this: setting the limit reshapes the signal object, which
   * cost every request about 6 µs when done in the constructor.
   */
  allowManyListeners(): void {
    this.manyListeners = true;
    if (this.controller !== undefined) setMaxListeners(MAX_SIGNAL_LISTENERS, this.controller.signal);
  }

  /**
   * Sets the one function called when the scope stops (deadline, caller abort, stream idle), right
   * after the AbortSignal (if one was made) aborted. A plain callback, not an abort listener: adding and removing a listener
   * on an AbortSignal costs about 2 µs, which a request would otherwise pay per hook call.
   */
  onStop(handler: () => void): void {
    this.stopHandler = handler;
  }

  private stop(reason: unknown): void {
    if (this.stopped) return;
    this.isStopped = true;
    this.stopReason = reason;
    this.controller?.abort(reason);
    for (const wake of this.sleepers) wake(reason);
    this.sleepers.clear();
    this.stopHandler?.();
  }

  /**
   * Starts the idle watch of a stream: if `touch` is not called for `idleMs`, the scope stops (the
   * SDK's stream is aborted) and `stoppedError` reports an idle TimeoutError. A chunk only stamps
   * the time; the watch, an entry of the process's idle queue, is looked at when its window ends
   * and queued again for what is left of it if a chunk came meanwhile. So a chunk costs a clock
   * read, and a stream no timer of its own.
   */
  watchIdle(idleMs: number): void {
    this.unwatchIdle();
    this.idleMs = idleMs;
    this.idleWatch = new IdleWatch(idleMs, () => {
      this.idlePassed = true;
      this.stop(new Error(`no data for ${idleMs} ms`));
    });
    streamIdleWatches.add(this.idleWatch);
  }

  touch(): void {
    if (this.idleWatch !== undefined) this.idleWatch.lastActivity = performance.now();
  }

  unwatchIdle(): void {
    if (this.idleWatch === undefined) return;
    streamIdleWatches.remove(this.idleWatch);
    this.idleWatch = undefined;
  }

  /** The typed error for a stopped scope: AbortError for the caller, TimeoutError for the deadline. */
  stoppedError(provider: string, model: string): AbortError | TimeoutError {
    if (this.idlePassed) {
      return new TimeoutError(`the stream sent nothing for ${this.idleMs} ms`, {
        provider,
        model,
        phase: "idle",
        cause: this.stopReason,
        fix: "raise the client's idleTimeoutMs (or the call's idleTimeoutMs option), or retry",
      });
    }
    if (this.deadlinePassed) {
      return new TimeoutError("the request's deadline passed", {
        provider,
        model,
        phase: "total",
        cause: this.stopReason,
        fix: "raise the client's timeoutMs (or the call's timeoutMs option)",
      });
    }
    return new AbortError("the caller aborted the request", {
      provider,
      model,
      cause: this.stopReason,
    });
  }

  /** Waits `ms`, or rejects as soon as the scope stops. */
  sleep(ms: number): Promise<void> {
    if (this.stopped) return Promise.reject(this.stopReason);
    return new Promise((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const wake = (reason: unknown) => {
        clearTimeout(timer);
        reject(reason);
      };
      const done = () => {
        // An injected wait that ends after the stop changes nothing: the stop already rejected.
        if (this.sleepers.delete(wake)) resolve();
      };
      this.sleepers.add(wake);
      if (this.wait === undefined) timer = setTimeout(done, ms);
      else this.wait(ms).then(done, wake);
    });
  }

  dispose(): void {
    requestDeadlines.remove(this);
    this.unwatchIdle();
    this.unwatchCaller?.();
  }
}

/** The idle watch of one stream attempt, as an entry of the idle queue. */
class IdleWatch implements DeadlineEntry {
  expiresAt: number;
  earlier: DeadlineEntry | undefined;
  later: DeadlineEntry | undefined;
  queued = false;
  lastActivity = performance.now();

  constructor(
    readonly idleMs: number,
    private readonly onIdle: () => void,
  ) {
    this.expiresAt = this.lastActivity + idleMs;
  }

  expire(): void {
    const quietUntil = this.lastActivity + this.idleMs;
    if (quietUntil <= performance.now()) {
      this.onIdle();
      return;
    }
    // A chunk came since it was queued: watch the rest of the window from the last one.
    this.expiresAt = quietUntil;
    streamIdleWatches.add(this);
  }
}
