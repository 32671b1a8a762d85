/**
 * A call's own stop that also follows the request's: an AbortController whose signal aborts when
 * the plugin calls `abort()` (the consumer left a stream early, reading failed) or when the
 * request's signal does. For a stream whose SDK takes one `signal`: give it `callStop.signal`.
 * `release()` removes the one listener put on the request's signal; call it once the call has
 * ended or been abandoned, so nothing outlives it.
 */
export class CallStop {
  private readonly controller = new AbortController();
  /** A real AbortSignal: safe for `fetch`, `AbortSignal.any` and any SDK. */
  readonly signal: AbortSignal = this.controller.signal;
  private readonly forward: () => void;

  constructor(private readonly requestSignal: AbortSignal) {
    this.forward = () => this.abort(requestSignal.reason);
    if (requestSignal.aborted) this.forward();
    else requestSignal.addEventListener("abort", this.forward, { once: true });
  }

  /** Aborts the call (with an AbortError DOMException when no reason is given). */
  abort(reason?: unknown): void {
    this.controller.abort(reason);
  }

  release(): void {
    this.requestSignal.removeEventListener("abort", this.forward);
  }
}
