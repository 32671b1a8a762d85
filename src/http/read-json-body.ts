/**
 * The JSON value of a successful response's body, or `undefined` when the body is not JSON (an
 * HTML page from a proxy, an empty 200): the caller turns that into its own clear error. A failure
 * to read the body (the connection cut, the request aborted) is thrown as it is, for the plugin's
 * error mapping.
 *
 * For provider plugins that take the SDK's raw `Response` (`.asResponse()` in openai and
 * @anthropic-ai/sdk): the SDK still builds, sends and authenticates the request and throws its
 * typed error for a non-2xx status, but its own parsing step (three header reads, a request-id
 * property, debug-log formatting done even with logging off, and several promise hops) costs
 * 15-24 µs a call on Node 20, measured against `await create()` on the same canned reply.
 */
export async function readJsonBody(response: Response): Promise<unknown> {
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
