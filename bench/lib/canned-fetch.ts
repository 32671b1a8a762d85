/**
 * The fetch both sides of the in-process benchmark use. No provider plugin takes a `fetch` through
 * its instance config (their schemas allow no such key, and a config is JSON), so the benchmark
 * replaces `globalThis.fetch` once, before any SDK client is built: the raw SDK clients and the
 * runtime's SDK clients then resolve the same function (openai and @anthropic-ai/sdk read the
 * global when a client is constructed, @google/genai at each call). Only this benchmark does this.
 */

export type Responder = (url: string, init: RequestInit | undefined) => Response | Promise<Response>;

let responder: Responder = () => {
  throw new Error("bench: no canned responder set");
};

/**
 * Installs the dispatching fetch; call before any SDK client is constructed. Returns a function
 * that puts the real fetch back (for a process that then goes over the network).
 */
export function installCannedFetch(): () => void {
  const realFetch = globalThis.fetch;
  globalThis.fetch = async (input: string | URL | Request, init?: RequestInit) =>
    responder(typeof input === "string" ? input : input instanceof URL ? input.href : input.url, init);
  return () => {
    globalThis.fetch = realFetch;
  };
}

/** Runs `call` with every request answered by `answer`, and returns the JSON bodies it sent. */
export async function captureSentBodies(
  call: () => Promise<unknown>,
  answer: () => Response,
): Promise<unknown[]> {
  const bodies: unknown[] = [];
  const previous = responder;
  responder = (_, init) => {
    bodies.push(JSON.parse(String(init?.body)));
    return answer();
  };
  try {
    await call();
  } finally {
    responder = previous;
  }
  return bodies;
}

export function setResponder(next: Responder): void {
  responder = next;
}

export function jsonResponse(text: string, status = 200): Response {
  return new Response(text, { status, headers: { "content-type": "application/json" } });
}

/** An SSE response whose body yields one frame per read, as a network would deliver them. */
export function sseResponse(frames: readonly Uint8Array[]): Response {
  let next = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (next < frames.length) controller.enqueue(frames[next++]);
      else controller.close();
    },
  });
  return new Response(body, { status: 200, headers: { "content-type": "text/event-stream" } });
}

/** A response that never comes: rejects with the abort reason once the request's signal aborts. */
export function pendingUntilAborted(init: RequestInit | undefined): Promise<Response> {
  const signal = init?.signal;
  return new Promise((_, reject) => {
    if (!signal) return;
    if (signal.aborted) reject(signal.reason);
    else signal.addEventListener("abort", () => reject(signal.reason), { once: true });
  });
}
