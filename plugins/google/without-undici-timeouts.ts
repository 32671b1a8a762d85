/** Where Node's built-in fetch (undici) keeps its global dispatcher. */
const GLOBAL_DISPATCHER = Symbol.for("undici.globalDispatcher.1");

interface Dispatcher {
  dispatch(options: Record<string, unknown>, handler: unknown): boolean;
}

/**
 * Node's fetch ends a call whose response head, or the next piece of whose body, takes more than
 * 300 seconds; Gemini bounds calls on its side (10 minutes unary, 20 streaming), and a thinking
 * model may be silent longer than 300 s. @google/genai 2.32 lifts undici's two timeouts with a
 * dispatcher of its own, but only when it uses the global fetch; given the runtime's fetch it
 * does not, so this wrapper does the same: each call goes through the global dispatcher with
 * `headersTimeout` and `bodyTimeout` at 0. The instance's timeoutMs, the stream idle limit and
 * the request's deadline still bound every call. A fetch that is not undici ignores the option.
 */
export function withoutUndiciTimeouts(fetchImplementation: typeof fetch): typeof fetch {
  const dispatcher = {
    dispatch(options: Record<string, unknown>, handler: unknown): boolean {
      let global = (globalThis as Record<symbol, Dispatcher | undefined>)[GLOBAL_DISPATCHER];
      if (!global) {
        // Node sets up undici (and its global dispatcher) lazily, on first use of a fetch class.
        new Headers();
        global = (globalThis as Record<symbol, Dispatcher | undefined>)[GLOBAL_DISPATCHER];
      }
      if (!global) throw new Error("undici's global dispatcher is not available");
      return global.dispatch({ ...options, headersTimeout: 0, bodyTimeout: 0 }, handler);
    },
  };
  return (input, init) => fetchImplementation(input, { dispatcher, ...init } as RequestInit);
}
