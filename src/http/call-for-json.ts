import { limitAttempt } from "./limit-attempt.js";
import { readJsonBody } from "./read-json-body.js";

export interface CallForJsonOptions {
  /** The request's signal (`context.signal`). */
  signal: AbortSignal;
  /** The instance's per-attempt limit in ms, body included; none when absent. */
  timeoutMs: number | undefined;
  /** Who answered, for the ConnectionError of a body cut in the middle. */
  target: { provider: string; model: string };
  /** Sends the call with the signal given (the attempt's limit) and returns the raw Response. */
  send(signal: AbortSignal): Promise<Response>;
  /**
   * The plugin's error for any failure of sending or reading; `timedOut.attemptTimeoutMs` is set
   * when the attempt's own limit ended the call (a TimeoutError with phase "attempt").
   */
  mapError(error: unknown, timedOut: { attemptTimeoutMs?: number }): Error;
}

/**
 * One non-streaming call whose SDK hands back its raw `Response` (`.asResponse()` in openai and
 * @anthropic-ai/sdk), under `limitAttempt` so the time limit bounds the body as well as the head,
 * read by `readJsonBody`: the JSON value, or `undefined` for a 200 that is not JSON. Every failure
 * goes through `mapError`; the limit's timer and listener are released whatever happens.
 */
export async function callForJson(options: CallForJsonOptions): Promise<unknown> {
  const { timeoutMs } = options;
  const limit = limitAttempt(options.signal, timeoutMs);
  try {
    const response = await options.send(limit.signal);
    return await readJsonBody(response, options.target);
  } catch (error) {
    throw options.mapError(error, limit.timedOut() ? { attemptTimeoutMs: timeoutMs } : {});
  } finally {
    limit.release();
  }
}
