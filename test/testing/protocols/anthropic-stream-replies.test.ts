import Anthropic from "@anthropic-ai/sdk";
import { expect } from "chai";
import type { FakeServer } from "../../../src/testing/fake-server.js";
import type { SseEvent } from "../../../src/testing/fake-server-types.js";
import {
  anthropicMessage,
  anthropicSseReply,
  anthropicStreamEvents,
  startAnthropicFakeServer,
} from "../../../src/testing/protocols/anthropic-protocol.js";
import {
  anthropicStreamErrorEvent,
  anthropicStreamReply,
  splitAnthropicDeltas,
} from "../../../src/testing/protocols/anthropic-stream-replies.js";

type Delta = { type: string; index: number; delta: Record<string, string> };

const deltasOf = (events: SseEvent[], type: string) =>
  events.map((event) => event.data as Delta).filter((data) => data.delta?.type === type);

describe("the Anthropic fake-server stream replies", () => {
  it("splits text, thinking and tool input into pieces that join back, cutting JSON mid-string", () => {
    const spec = {
      thinking: { thinking: "Think it through.", signature: "sig" },
      text: "Héllo 👋 wörld",
      toolUses: [{ id: "toolu_1", name: "w", input: { city: "San Francisco" } }],
    };
    const events = splitAnthropicDeltas(anthropicStreamEvents(spec), 3);
    const text = deltasOf(events, "text_delta").map((data) => data.delta.text);
    expect(text.join("")).to.equal("Héllo 👋 wörld");
    expect(text.every((piece) => Array.from(piece).length <= 3)).to.equal(true);
    expect(text, "the emoji is never cut in two").to.include("👋 w");
    expect(
      deltasOf(events, "thinking_delta")
        .map((data) => data.delta.thinking)
        .join(""),
    ).to.equal("Think it through.");
    const json = deltasOf(events, "input_json_delta").map((data) => data.delta.partial_json);
    expect(json.join("")).to.equal('{"city":"San Francisco"}');
    expect(
      json.some((piece) => /^[^"]*"[^"]*$/.test(piece)),
      "some piece ends inside a string",
    ).to.equal(true);
    expect(deltasOf(events, "signature_delta")).to.have.length(1);
  });

  it("keeps every other event as it was, in order", () => {
    const events = anthropicStreamEvents({ text: "abcdef" });
    const split = splitAnthropicDeltas(events, 2);
    const types = (list: SseEvent[]) => list.map((event) => event.event);
    expect(types(split).filter((type) => type !== "content_block_delta")).to.deep.equal(
      types(events).filter((type) => type !== "content_block_delta"),
    );
    expect(split.length).to.equal(events.length + 2);
  });

  it("builds the in-stream error event Anthropic sends after HTTP 200", () => {
    expect(anthropicStreamErrorEvent()).to.deep.equal({
      event: "error",
      data: { type: "error", error: { type: "overloaded_error", message: "Overloaded" } },
    });
    expect(
      anthropicStreamErrorEvent({ type: "api_error", message: "boom", requestId: "req_1" }).data,
    ).to.deep.equal({
      type: "error",
      error: { type: "api_error", message: "boom" },
      request_id: "req_1",
    });
  });

  describe("served to the real SDK", () => {
    let server: FakeServer;
    let sdk: Anthropic;
    const ask = {
      model: "claude-sonnet-4-6",
      max_tokens: 64,
      messages: [{ role: "user" as const, content: "hi" }],
    };

    beforeEach(async () => {
      server = await startAnthropicFakeServer();
      sdk = new Anthropic({ apiKey: "sk-ant-test", baseURL: server.url, maxRetries: 0 });
    });

    afterEach(async () => {
      await server.close();
    });

    it("assembles a split stream into the same message as the unsplit one", async () => {
      const spec = {
        text: ["First.", "Second."],
        toolUses: [{ id: "toolu_1", name: "w", input: { city: "Oslo", days: 3 } }],
      };
      server.enqueue(anthropicStreamReply(spec, { pieceLength: 2, eventDelayMs: 1 }));
      const message = await sdk.messages.stream(ask).finalMessage();
      expect(message.content).to.deep.equal(anthropicMessage(spec).content);
    });

    it("makes the SDK throw an APIError without status whose type is the event's error type", async () => {
      server.enqueue(
        anthropicSseReply([...anthropicStreamEvents({ text: "x" }).slice(0, 1), anthropicStreamErrorEvent()]),
      );
      const stream = await sdk.messages.create({ ...ask, stream: true });
      const error = await (async () => {
        for await (const _event of stream) {
          // read until the error event
        }
      })().catch((thrown: unknown) => thrown);
      expect(error).to.be.instanceOf(Anthropic.APIError);
      const apiError = error as InstanceType<typeof Anthropic.APIError>;
      expect(apiError.status).to.equal(undefined);
      expect(apiError.type).to.equal("overloaded_error");
      expect(apiError.requestID).to.equal("req_fake_stream");
    });
  });
});
