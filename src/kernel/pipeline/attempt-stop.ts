import { TimeoutError } from "../../errors/provider-errors.js";
import { CallStop } from "../../http/stop-signal.js";
import { type DeadlineEntry, DeadlineQueue } from "./deadline-queue.js";

/** The limits of attempts that have one, behind one timer (see DeadlineQueue). */
const attemptLimits = new DeadlineQueue();

/**
 * The stop of one provider attempt that has a time limit of its own: it follows the request's stop
 * (deadline, caller's abort) and also fires when the limit passes, ending this attempt only, so
 * the request can move on to its fallback. The provider sees it as the context's `signal` while the
 * attempt runs.
 *
 * The kernel gives an attempt one when its target's provider instance sets no `timeoutMs` and a
 * fallback target follows it in the chain: without it, a provider that accepts the connection and
 * never answers would hold the first attempt for the request's whole deadline and the fallback
 * would never be tried. The limit is the attempt's share of the time left (see
 * `defaultAttemptLimitMs`); for a stream it bounds the wait for the first event only.
 */
export class AttemptStop implements DeadlineEntry {
  expiresAt: number;
  earlier: DeadlineEntry | undefined;
  later: DeadlineEntry | undefined;
  queued = false;
  /** Whether the limit passed before the attempt answered (or, for a stream, sent its first event). */
  timedOut = false;
  private readonly call: CallStop;

  constructor(
    requestStop: AbortSignal,
    readonly limitMs: number,
  ) {
    this.call = new CallStop(requestStop);
    this.expiresAt = performance.now() + limitMs;
    attemptLimits.add(this);
  }

  /** The attempt's AbortSignal (the context's `signal` while the attempt runs). */
  get signal(): AbortSignal {
    return this.call.signal;
  }

  /** Called by the limit's queue once the limit passes. */
  expire(): void {
    if (this.call.signal.aborted) return;
    this.timedOut = true;
    this.call.abort(new Error(`this attempt's limit of ${this.limitMs} ms passed`));
  }

  /** The attempt answered in time (a stream: its first event came): the limit no longer applies. */
  settle(): void {
    attemptLimits.remove(this);
  }

  /** The attempt is over: no timer or listener of it outlives it. */
  release(): void {
    attemptLimits.remove(this);
    this.call.release();
  }

  /** The error the attempt ends with when its limit passed. */
  timeoutError(provider: string, model: string, streaming: boolean): TimeoutError {
    const what = streaming ? "sent no first event" : "did not answer";
    return new TimeoutError(
      `the provider ${what} within ${this.limitMs} ms, this attempt's share of the request's deadline; the chain moves on to its fallback`,
      {
        provider,
        model,
        phase: "attempt",
        // Calling the same silent target again would spend the time the fallbacks were given.
        retryable: false,
        fix: "set timeoutMs on the provider instance to choose its per-attempt limit, or raise the client's timeoutMs",
      },
    );
  }
}

/**
 * The default limit of an attempt on a target that is not the chain's last and whose provider
 * instance sets no `timeoutMs`: an equal share of the time left before the deadline between this
 * target and each one after it, so every fallback keeps as much time as the primary had. With
 * the 10-minute default deadline and one fallback, the primary gets 5 minutes; with a 20-second
 * deadline, 10 seconds.
 */
export function defaultAttemptLimitMs(timeLeftMs: number, targetsLeft: number): number | undefined {
  // A deadline that is not a finite time (a caller's bad timeoutMs) gives no share to compute.
  if (!Number.isFinite(timeLeftMs)) return undefined;
  return Math.max(1, Math.floor(timeLeftMs / Math.max(1, targetsLeft)));
}
