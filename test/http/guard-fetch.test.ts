import { expect } from "chai";
import { guardFetch } from "../../src/http/guard-fetch.js";
import { ResponseRefusal } from "../../src/http/response-refusal.js";

const LIMITS = { maxResponseBytes: 1_000, maxEventBytes: 1_000 };

function eventStream(text: string): Response {
  const bytes = new TextEncoder().encode(text);
  // Cut in small reads, so events and line ends fall across them.
  const pieces: Uint8Array[] = [];
  for (let start = 0; start < bytes.length; start += 7) pieces.push(bytes.subarray(start, start + 7));
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = pieces.shift();
      if (next) controller.enqueue(next);
      else controller.close();
    },
  });
  return new Response(body, { headers: { "content-type": "text/event-stream" } });
}

async function readAll(response: Response): Promise<string> {
  let text = "";
  const decoder = new TextDecoder();
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>)
    text += decoder.decode(chunk);
  return text;
}

describe("guardFetch", () => {
  it("counts each event of a stream apart, blank lines in CRLF, LF or CR framing ending one", async () => {
    for (const end of ["\r\n", "\n", "\r"]) {
      const event = `data: ${"x".repeat(600)}${end}${end}`;
      const guarded = guardFetch(async () => eventStream(event.repeat(10)), LIMITS);
      expect(await readAll(await guarded("http://x"))).to.have.length(event.length * 10);
    }
  });

  it("refuses one event past maxEventBytes, even split over many data lines", async () => {
    const event = `${"data: xxxxxxxxxx\r\n".repeat(80)}\r\n`;
    const guarded = guardFetch(async () => eventStream(event), LIMITS);
    const failure = await readAll(await guarded("http://x")).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).to.be.instanceOf(ResponseRefusal).and.to.have.property("kind", "event_too_large");
  });

  it("follows no redirect: one call, and the refusal names only the target's origin", async () => {
    let calls = 0;
    const guarded = guardFetch(async (_input, init) => {
      calls += 1;
      expect(init?.redirect).to.equal("manual");
      return new Response("moved", {
        status: 302,
        headers: { location: "https://other.example:8443/x?token=t" },
      });
    }, LIMITS);
    const failure = await guarded("http://x").then(
      () => undefined,
      (error: unknown) => error as Error,
    );
    expect(calls).to.equal(1);
    expect(failure?.message).to.include("https://other.example:8443").and.not.include("token");
  });

  it("hands an unencoded body within its Content-Length back as it is, and reads a chunked one through the counter", async () => {
    const sized = new Response("{}", { headers: { "content-length": "2" } });
    expect(await guardFetch(async () => sized, LIMITS)("http://x")).to.equal(sized);
    const chunked = await guardFetch(async () => new Response("y".repeat(1_001)), LIMITS)("http://x");
    const failure = await chunked.json().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).to.be.instanceOf(ResponseRefusal).and.to.have.property("kind", "too_large");
  });
});
