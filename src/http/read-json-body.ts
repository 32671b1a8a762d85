import { ConnectionError } from "../errors/provider-errors.js";
import { refusalIn } from "./response-refusal.js";

/**
 * The JSON value of a successful response's body, or `undefined` when the body is not JSON (an
 * HTML page from a proxy, an empty 200): the caller turns that into its own clear error.
 *
 * A failure to read the body is a failure of the connection, not of the server's answer: given the
 * `target`, a cut in the middle of the body (a reset, a Content-Length longer than what came)
 * is thrown as a ConnectionError, which is retried and falls back like a refused connection. An
 * abort (the caller, the deadline, the attempt's limit) and a refusal of the runtime's fetch guard
 * (a body over its size cap) are thrown as they are, for the plugin's and the kernel's mapping.
 *
 * For provider plugins that take the SDK's raw `Response` (`.asResponse()` in openai and
 * @anthropic-ai/sdk): the SDK still builds, sends and authenticates the request and throws its
 * typed error for a non-2xx status, but its own parsing step (three header reads, a request-id
 * property, debug-log formatting done even with logging off, and several promise hops) costs
 * 15-24 µs a call on Node 20, measured against `await create()` on the same canned reply.
 */
export async function readJsonBody(
  response: Response,
  target?: { provider: string; model: string },
): Promise<unknown> {
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    throw target && !isAbort(error) && !refusalIn(error) ? bodyCut(error, target) : error;
  }
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === "AbortError" || error.name === "TimeoutError");
}

function bodyCut(error: unknown, target: { provider: string; model: string }): ConnectionError {
  return new ConnectionError("the connection was cut while the response body was being read", {
    provider: target.provider,
    model: target.model,
    cause: error,
    fix: "retry, or fall back; the server or a proxy closed the connection before the whole answer came",
  });
}
