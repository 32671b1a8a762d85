import { CallStop } from "./stop-signal.js";

/**
 * The per-attempt time limit of one provider call, body included. The SDKs' own `timeout` does not
 * give this: openai 6.49 and @anthropic-ai/sdk 1.14 stop their timer once the response head
 * arrives, so a body that stalls after the head would run on to the request's deadline
 * (openai-node#1825); @google/genai 2.32 keeps its timer armed after a success and leaves its
 * listener on the signal. It costs one timer and one AbortController per call, and only when the
 * instance sets `timeoutMs`; `release` (call it in `finally`) clears the timer and removes the one
 * listener put on the request's signal, so nothing outlives the call (AbortSignal.timeout would
 * keep its timer until it fires).
 */
export interface AttemptLimit {
  /** A real AbortSignal for the call: aborts when the request's signal does, or once the time is up. */
  readonly signal: AbortSignal;
  /** Whether the time ran out before anything else ended the call. */
  timedOut(): boolean;
  release(): void;
}

const never = () => false;
const nothing = () => {};

export function limitAttempt(signal: AbortSignal, timeoutMs: number | undefined): AttemptLimit {
  if (!timeoutMs) return { signal, timedOut: never, release: nothing };
  const call = new CallStop(signal);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = !call.signal.aborted;
    call.abort();
  }, timeoutMs);
  return {
    signal: call.signal,
    timedOut: () => timedOut,
    release() {
      clearTimeout(timer);
      call.release();
    },
  };
}
