import { getEventListeners } from "node:events";
import { expect } from "chai";
import { callForJson } from "../../src/provider-utils.js";

const target = { provider: "acme", model: "m1" };

/** A Response whose body sends its head, then `first`, then nothing until `signal` aborts. */
function stallingResponse(signal: AbortSignal, first: string): Response {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(first));
      signal.addEventListener("abort", () => controller.error(signal.reason), { once: true });
    },
  });
  return new Response(body, { headers: { "content-type": "application/json" } });
}

describe("callForJson", () => {
  it("hands back the JSON of the reply and leaves no listener on the request's signal", async () => {
    const request = new AbortController();
    const value = await callForJson({
      signal: request.signal,
      timeoutMs: 1000,
      target,
      send: async () => Response.json({ ok: true }),
      mapError: (error) => error as Error,
    });
    expect(value).to.deep.equal({ ok: true });
    expect(getEventListeners(request.signal, "abort")).to.have.length(0);
  });

  it("gives undefined for a 200 that is not JSON", async () => {
    const value = await callForJson({
      signal: new AbortController().signal,
      timeoutMs: undefined,
      target,
      send: async () => new Response("<html>proxy</html>"),
      mapError: (error) => error as Error,
    });
    expect(value).to.equal(undefined);
  });

  it("ends a body that stalls after the head once timeoutMs passes, and tells mapError it timed out", async () => {
    const seen: Array<{ attemptTimeoutMs?: number }> = [];
    const mapped = new Error("mapped");
    const startedAt = performance.now();
    const failure = await callForJson({
      signal: new AbortController().signal,
      timeoutMs: 50,
      target,
      send: async (signal) => stallingResponse(signal, '{"partial":'),
      mapError: (_error, timedOut) => {
        seen.push(timedOut);
        return mapped;
      },
    }).catch((error: unknown) => error);
    expect(failure).to.equal(mapped);
    expect(seen).to.deep.equal([{ attemptTimeoutMs: 50 }]);
    expect(performance.now() - startedAt).to.be.below(1000);
  });

  it("maps a send failure without the timeout mark when the time did not run out", async () => {
    const seen: Array<{ attemptTimeoutMs?: number }> = [];
    const refused = new TypeError("fetch failed");
    const failure = await callForJson({
      signal: new AbortController().signal,
      timeoutMs: 1000,
      target,
      send: async () => {
        throw refused;
      },
      mapError: (error, timedOut) => {
        seen.push(timedOut);
        return error as Error;
      },
    }).catch((error: unknown) => error);
    expect(failure).to.equal(refused);
    expect(seen).to.deep.equal([{}]);
  });
});
