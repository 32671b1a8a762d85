import { StopController } from "./stop-signal.js";

/**
 * The per-attempt time limit of one non-streaming provider call, body included. The SDKs' own
 * `timeout` does not give this: openai 6.49 and @anthropic-ai/sdk 1.14 stop their timer once the
 * response head arrives, so a body that stalls after the head would run on to the request's
 * deadline (openai-node#1825, RELIABILITY C2); @google/genai 2.32 keeps its timer armed after a
 * success and leaves its listener on the signal. It costs one timer per call, and only when the
 * instance sets `timeoutMs`; `release` (call it in `finally`) clears the timer and removes the one
 * listener put on the request's signal, so nothing outlives the call (AbortSignal.timeout would
 * keep its timer until it fires). Given an AbortSignal it makes one (for fetch); given the
 * kernel's stand-in (`sdkSignalOf`), a stand-in again, for an SDK's `signal` option.
 */
export interface AttemptLimit {
  /** The signal to give the SDK: aborts when the request's signal does, or once the time is up. */
  readonly signal: AbortSignal;
  /** Whether the time ran out before anything else ended the call. */
  timedOut(): boolean;
  release(): void;
}

const never = () => false;
const nothing = () => {};

export function limitAttempt(signal: AbortSignal, timeoutMs: number | undefined): AttemptLimit {
  if (!timeoutMs) return { signal, timedOut: never, release: nothing };
  const controller = signal instanceof AbortSignal ? new AbortController() : new StopController();
  let timedOut = false;
  const forward = () => controller.abort(signal.reason);
  const timer = setTimeout(() => {
    timedOut = !controller.signal.aborted;
    controller.abort();
  }, timeoutMs);
  if (signal.aborted) forward();
  else signal.addEventListener("abort", forward, { once: true });
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    release() {
      clearTimeout(timer);
      signal.removeEventListener("abort", forward);
    },
  };
}
