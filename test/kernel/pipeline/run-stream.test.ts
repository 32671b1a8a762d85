import { fileURLToPath } from "node:url";
import { expect } from "chai";
import type { StreamEvent } from "../../../src/index.js";
import { events } from "../fixtures/recording-plugin.js";
import { scriptedRuntime, userMessage } from "../runtime-fixture.js";

const recording = (options: Record<string, unknown> = {}) => ({
  use: fileURLToPath(new URL("../fixtures/recording-plugin.ts", import.meta.url)),
  options,
});

async function collect(stream: AsyncIterable<StreamEvent>) {
  const seen: StreamEvent[] = [];
  try {
    for await (const event of stream) seen.push(event);
  } catch (error) {
    return { seen, error: error as Error & Record<string, unknown> };
  }
  return { seen, error: undefined };
}

describe("the streaming pipeline", () => {
  beforeEach(() => {
    events.length = 0;
  });

  it("yields deltas as they come, then tool-call-end, usage and finish with the generateResponse output", async () => {
    const reply = {
      text: "Hello world",
      chunks: ["Hel", "lo ", "world"],
      toolCalls: [{ id: "call_1", name: "clock", arguments: { zone: "UTC" } }],
    };
    const { client } = await scriptedRuntime({ providers: { alpha: [{ reply }] }, chain: ["alpha"] });
    const { seen, error } = await collect(client.streamResponse(userMessage("hi")));
    expect(error).to.equal(undefined);
    expect(seen.map((event) => event.type)).to.deep.equal([
      "text-delta",
      "text-delta",
      "text-delta",
      "tool-call-start",
      "tool-call-delta",
      "tool-call-end",
      "usage",
      "finish",
    ]);
    expect(seen[5]).to.deep.equal({
      type: "tool-call-end",
      index: 0,
      id: "call_1",
      name: "clock",
      arguments: '{"zone":"UTC"}',
    });
    const finish = seen.at(-1) as Extract<StreamEvent, { type: "finish" }>;
    const generated = await client.generateResponse(userMessage("hi"));
    const { attempts: _streamed, ...streamedOutput } = finish.output;
    const { attempts: _generated, ...generatedOutput } = generated;
    expect(streamedOutput).to.deep.equal(generatedOutput);
  });

  it("applies beforeRequest before the call and afterResponse to the final output", async () => {
    const { client } = await scriptedRuntime({
      providers: { alpha: [{ reply: { text: "raw" } }] },
      chain: ["alpha"],
      plugins: [recording({ replaceContent: "hooked" })],
    });
    const { seen } = await collect(client.streamResponse(userMessage("hi")));
    expect(events).to.deep.equal(["beforeRequest alpha attempt 1", "afterResponse alpha"]);
    expect(seen[0]).to.deep.equal({ type: "text-delta", delta: "raw" });
    expect((seen.at(-1) as Extract<StreamEvent, { type: "finish" }>).output.content).to.equal("hooked");
  });

  it("retries or falls back while nothing has reached the caller", async () => {
    const { client, scripted } = await scriptedRuntime({
      providers: {
        alpha: [{ error: { kind: "provider_unavailable", status: 503 } }],
        beta: [{ reply: { text: "from beta", chunks: ["from ", "beta"] } }],
      },
      chain: ["alpha", "beta"],
      plugins: [recording({ decisions: ["fallback"] })],
    });
    const { seen, error } = await collect(client.streamResponse(userMessage("hi")));
    expect(error).to.equal(undefined);
    const text = seen.flatMap((event) => (event.type === "text-delta" ? [event.delta] : [])).join("");
    expect(text).to.equal("from beta");
    expect(scripted("alpha").requests).to.have.length(1);
  });

  it("ends with a typed error carrying the partial output once a delta was delivered, never restarting", async () => {
    const { client, scripted } = await scriptedRuntime({
      providers: {
        alpha: [
          {
            reply: { text: "one two three", chunks: ["one ", "two ", "three"] },
            error: { kind: "provider_unavailable", message: "overloaded mid-stream" },
            errorAfterChunks: 2,
          },
        ],
      },
      chain: ["alpha"],
      plugins: [recording({ decisions: ["retry", "retry"] })],
    });
    const { seen, error } = await collect(client.streamResponse(userMessage("hi")));
    expect(seen.map((event) => (event.type === "text-delta" ? event.delta : event.type))).to.deep.equal([
      "one ",
      "two ",
    ]);
    expect(error?.name).to.equal("ProviderUnavailableError");
    expect(error?.partialOutput).to.deep.equal({ content: "one two ", reasoningText: "", toolCalls: [] });
    expect(scripted("alpha").requests).to.have.length(1);
    expect(events.filter((event) => event.startsWith("onError"))).to.deep.equal([]);
  });

  it("closes the provider's stream when the caller breaks out of the loop", async () => {
    const { client, scripted } = await scriptedRuntime({
      providers: { alpha: [{ reply: { text: "abc", chunks: ["a", "b", "c"] } }] },
      chain: ["alpha"],
    });
    for await (const event of client.streamResponse(userMessage("hi"))) {
      if (event.type === "text-delta") break;
    }
    expect(scripted("alpha").requests[0].stream).to.equal("closed-early");
  });

  it("ends a stream that goes silent with an idle TimeoutError carrying what arrived", async () => {
    const { client } = await scriptedRuntime({
      providers: { alpha: [{ reply: { text: "ab", chunks: ["a", "b"] }, chunkDelayMs: 5_000 }] },
      chain: ["alpha"],
    });
    const started = Date.now();
    const { seen, error } = await collect(
      client.streamResponse(userMessage("hi"), undefined, undefined, { idleTimeoutMs: 60 }),
    );
    expect(Date.now() - started).to.be.lessThan(1_000);
    expect(seen).to.deep.equal([{ type: "text-delta", delta: "a" }]);
    expect(error).to.include({ name: "TimeoutError", phase: "idle" });
    expect(error?.partialOutput).to.deep.include({ content: "a" });
  });
});
