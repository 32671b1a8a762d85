import { setMaxListeners } from "node:events";
import { AbortError, TimeoutError } from "../errors/provider-errors.js";

/** Listeners one request's signal may carry: one per attempt (16 by default) and a few of the kernel's. */
const MAX_SIGNAL_LISTENERS = 64;

/**
 * The lifetime of one request: one signal that aborts on the caller's signal or at the deadline,
 * handed down to the SDKs, and abortable waits. `dispose` removes every listener and timer it added,
 * so a long-lived caller signal shared by many requests keeps no listener behind.
 */
export class RequestScope {
  readonly signal: AbortSignal;
  readonly deadline: number;
  private readonly controller = new AbortController();
  private readonly callerSignal: AbortSignal | undefined;
  private readonly deadlineTimer: NodeJS.Timeout;
  private readonly onCallerAbort = () => this.stop(this.callerSignal?.reason);
  private stopHandler: (() => void) | undefined;
  private deadlinePassed = false;
  private idleTimer: NodeJS.Timeout | undefined;
  private idleMs = 0;
  private lastActivity = 0;
  private idlePassed = false;

  constructor(callerSignal: AbortSignal | undefined, timeoutMs: number, now: number) {
    this.signal = this.controller.signal;
    this.deadline = now + timeoutMs;
    this.callerSignal = callerSignal;
    this.deadlineTimer = setTimeout(() => {
      this.deadlinePassed = true;
      this.stop(new Error(`deadline of ${timeoutMs} ms passed`));
    }, timeoutMs);
    this.deadlineTimer.unref();
    if (callerSignal?.aborted) this.stop(callerSignal.reason);
    else callerSignal?.addEventListener("abort", this.onCallerAbort, { once: true });
  }

  /**
   * Raises the signal's listener limit. Each SDK call adds one abort listener to this signal and
   * keeps it until the request ends, so a request making many attempts would trip
   * MaxListenersExceededWarning (at 11). Only such requests call this: setting the limit reshapes
   * the signal object, which cost every request about 6 µs when done in the constructor.
   */
  allowManyListeners(): void {
    setMaxListeners(MAX_SIGNAL_LISTENERS, this.signal);
  }

  /**
   * Sets the one function called when the scope stops (deadline, caller abort, stream idle), right
   * after its signal aborts. A plain callback, not an abort listener: adding and removing a listener
   * on an AbortSignal costs about 2 µs, which a request would otherwise pay per hook call.
   */
  onStop(handler: () => void): void {
    this.stopHandler = handler;
  }

  private stop(reason: unknown): void {
    this.controller.abort(reason);
    this.stopHandler?.();
  }

  /**
   * Starts the idle watch of a stream: if `touch` is not called for `idleMs`, the scope stops (the
   * SDK's stream is aborted) and `stoppedError` reports an idle TimeoutError. A chunk only stamps
   * the time; the one timer, when it fires early, re-arms for what is left of the window. So a
   * chunk costs a clock read, not a timer operation.
   */
  watchIdle(idleMs: number): void {
    this.idleMs = idleMs;
    this.lastActivity = performance.now();
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(this.checkIdle, idleMs);
  }

  touch(): void {
    this.lastActivity = performance.now();
  }

  unwatchIdle(): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }

  private readonly checkIdle = (): void => {
    const silentMs = performance.now() - this.lastActivity;
    if (silentMs < this.idleMs) {
      this.idleTimer = setTimeout(this.checkIdle, this.idleMs - silentMs);
      return;
    }
    this.idlePassed = true;
    this.stop(new Error(`no data for ${this.idleMs} ms`));
  };

  /** The typed error for a stopped scope: AbortError for the caller, TimeoutError for the deadline. */
  stoppedError(provider: string, model: string): AbortError | TimeoutError {
    if (this.idlePassed) {
      return new TimeoutError(`the stream sent nothing for ${this.idleMs} ms`, {
        provider,
        model,
        phase: "idle",
        cause: this.signal.reason,
        fix: "raise the client's idleTimeoutMs (or the call's idleTimeoutMs option), or retry",
      });
    }
    if (this.deadlinePassed) {
      return new TimeoutError("the request's deadline passed", {
        provider,
        model,
        phase: "total",
        cause: this.signal.reason,
        fix: "raise the client's timeoutMs (or the call's timeoutMs option)",
      });
    }
    return new AbortError("the caller aborted the request", { provider, model, cause: this.signal.reason });
  }

  /** Waits `ms`, or rejects as soon as the scope stops. */
  sleep(ms: number): Promise<void> {
    if (this.signal.aborted) return Promise.reject(this.signal.reason);
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        clearTimeout(timer);
        reject(this.signal.reason);
      };
      const timer = setTimeout(() => {
        this.signal.removeEventListener("abort", onAbort);
        resolve();
      }, ms);
      this.signal.addEventListener("abort", onAbort, { once: true });
    });
  }

  dispose(): void {
    clearTimeout(this.deadlineTimer);
    clearTimeout(this.idleTimer);
    this.callerSignal?.removeEventListener("abort", this.onCallerAbort);
  }
}
