/**
 * How a provider plugin hands a request's AbortSignal to openai 6.x or @anthropic-ai/sdk 1.x
 * without paying for the SDK's own signal handling.
 *
 * Given `{ signal }`, each of these SDKs links it to an AbortController of its own on every call
 * (an abort listener it keeps; @anthropic-ai/sdk also registers a FinalizationRegistry cleanup).
 * Measured against a canned fetch, that costs 11 µs (openai) and 26 µs (anthropic) per call, as
 * much as the runtime's whole overhead target. The fetch is what has to stop on an abort, so the
 * signal goes to it directly instead: the SDK gets a fetch of ours (`fetchTakingCarriedSignals`),
 * and each call passes its signal as a field of the request's `fetchOptions` (`carrySignal`),
 * which both SDKs spread into the fetch init. Our fetch puts it in place of the SDK's signal.
 *
 * What this gives up is the SDK's `timeout`: its timer aborts its own controller, which no
 * longer reaches the fetch. A plugin bounds an attempt itself (`limitAttempt`), as it already had
 * to for the body. Closing a stream early still closes the connection: leaving a `for await` over
 * a response body cancels the body, and cancelling a fetch body ends the request.
 */

/** The fetch init field that carries the signal; no fetch implementation reads it. */
const CARRIED_SIGNAL = "llmRuntimeSignal";

type CarryingInit = RequestInit & { [CARRIED_SIGNAL]?: AbortSignal };

/**
 * The fetch to give the SDK client: `base` (default: the global fetch as it is now, which is what
 * the SDKs would have taken), with a carried signal put in place of the SDK's own.
 */
export function fetchTakingCarriedSignals(base: typeof fetch = globalThis.fetch): typeof fetch {
  return (input, init) => {
    const carried = (init as CarryingInit | undefined)?.[CARRIED_SIGNAL];
    // The SDK built this init object for this one fetch: setting a field on it is safe.
    if (carried !== undefined) (init as RequestInit).signal = carried;
    return base(input, init);
  };
}

/**
 * Request options for one SDK call, so that its fetch listens to `signal`. `fetchOptions` is typed
 * `never` so that it fits each SDK's own type for it: its one field is ours, read by our fetch.
 */
export function carrySignal(signal: AbortSignal): { fetchOptions: never } {
  return { fetchOptions: { [CARRIED_SIGNAL]: signal } as never };
}
