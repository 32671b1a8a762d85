/**
 * The per-attempt time limit of one non-streaming call, body included. @google/genai 2.32 keeps
 * its own `timeout` timer armed while the body is read, but after a success it neither clears that
 * timer (it lives until it fires) nor removes its listener from the signal it was given; so the
 * SDK's timer is turned off per call and this one bounds the call instead, as in the OpenAI and
 * Anthropic plugins. It costs one AbortController and one timer per call, and only when the
 * instance sets `timeoutMs`; `release` (call it in `finally`) clears the timer and removes the one
 * listener put on the request's signal, so nothing outlives the call (AbortSignal.timeout would
 * keep its timer until it fires).
 */
export interface GoogleAttemptLimit {
  /** The signal to give the SDK: aborts when the request's signal does, or once the time is up. */
  readonly signal: AbortSignal;
  /** Whether the time ran out before anything else ended the call. */
  timedOut(): boolean;
  release(): void;
}

const never = () => false;
const nothing = () => {};

export function limitGoogleAttempt(signal: AbortSignal, timeoutMs: number | undefined): GoogleAttemptLimit {
  if (!timeoutMs) return { signal, timedOut: never, release: nothing };
  const controller = new AbortController();
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
