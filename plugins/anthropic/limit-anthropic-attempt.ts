/**
 * The per-attempt time limit of one non-streaming call, body included. @anthropic-ai/sdk 1.14
 * stops its own `timeout` timer once the response head arrives, so a body that stalls after the
 * head would run on to the request's deadline (RELIABILITY C2); this timer runs until the body is
 * read. It costs one AbortController and one timer per call, and only when the instance sets
 * `timeoutMs`; `release` (call it in `finally`) clears the timer and removes the one listener put
 * on the request's signal, so nothing outlives the call (AbortSignal.timeout would keep its timer
 * until it fires).
 */
export interface AnthropicAttemptLimit {
  /** The signal to give the SDK: aborts when the request's signal does, or once the time is up. */
  readonly signal: AbortSignal;
  /** Whether the time ran out before anything else ended the call. */
  timedOut(): boolean;
  release(): void;
}

const never = () => false;
const nothing = () => {};

export function limitAnthropicAttempt(
  signal: AbortSignal,
  timeoutMs: number | undefined,
): AnthropicAttemptLimit {
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
