import { getEventListeners } from "node:events";
import { expect } from "chai";
import { createAnthropicProviderClient } from "../../../plugins/anthropic/anthropic-client.js";
import type {
  LLMOutput,
  LLMProviderError,
  LLMRequest,
  ProviderClient,
  StreamEvent,
} from "../../../src/index.js";
import type { FakeServer } from "../../../src/testing/fake-server.js";
import type { SseEvent } from "../../../src/testing/fake-server-types.js";
import {
  type AnthropicMessageSpec,
  anthropicJsonReply,
  anthropicMessage,
  anthropicSseReply,
  anthropicStreamEvents,
  startAnthropicFakeServer,
} from "../../../src/testing/protocols/anthropic-protocol.js";
import {
  anthropicStreamErrorEvent,
  anthropicStreamReply,
} from "../../../src/testing/protocols/anthropic-stream-replies.js";
import { fakeRequestContext } from "../../support/fake-request-context.js";

const KEY = "sk-ant-stream-canary-0a1b2c3d4e5f6789";
const MODEL = "claude-sonnet-4-6";
const REQUEST: LLMRequest = {
  provider: "claude",
  model: MODEL,
  messages: [{ role: "user", content: "hi" }],
  params: {},
};
const THINKING = { thinking: "Paris first, then Rome.", signature: "EqQBCkgIARABGAIiQL-sig" };

/** A reply with thinking and text before two tool calls: block indexes 2 and 3, call indexes 0 and 1. */
const TOOL_TURN: AnthropicMessageSpec = {
  thinking: THINKING,
  text: "Checking both.",
  toolUses: [
    { id: "toolu_paris", name: "get_weather", input: { city: "Paris", note: 'says "hi"' } },
    { id: "toolu_rome", name: "get_weather", input: { city: "Rome" } },
  ],
  usage: { inputTokens: 40, outputTokens: 22, cacheReadInputTokens: 100, cacheCreationInputTokens: 7 },
};

function openStream(client: ProviderClient, signal?: AbortSignal): AsyncIterable<StreamEvent> {
  const stream = client.stream?.(REQUEST, fakeRequestContext({ provider: "claude", model: MODEL, signal }));
  if (!stream) throw new Error("the Anthropic client has no stream method");
  return stream;
}

async function collect(stream: AsyncIterable<StreamEvent>) {
  const events: StreamEvent[] = [];
  try {
    for await (const event of stream) events.push(event);
  } catch (error) {
    return { events, error: error as LLMProviderError };
  }
  return { events, error: undefined };
}

const finishOf = (events: StreamEvent[]): LLMOutput =>
  (events.at(-1) as Extract<StreamEvent, { type: "finish" }>).output;

async function waitUntil(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe("streamAnthropicEvents through the Anthropic client and the real SDK", () => {
  let server: FakeServer;
  let client: ProviderClient;

  beforeEach(async () => {
    server = await startAnthropicFakeServer();
    client = await createAnthropicProviderClient({
      name: "claude",
      type: "anthropic",
      apiKey: KEY,
      baseURL: server.url,
    });
  });

  afterEach(async () => {
    await server.close();
  });

  it("asks for a stream and ends with a finish equal to generate's output for the same message", async () => {
    server.enqueue(anthropicStreamReply(TOOL_TURN, { pieceLength: 4 }));
    server.enqueue(anthropicJsonReply(anthropicMessage(TOOL_TURN)));
    const { events, error } = await collect(openStream(client));
    expect(error).to.equal(undefined);
    expect((server.requests[0].body as { stream?: boolean }).stream).to.equal(true);
    const generated = await client.generate(
      REQUEST,
      fakeRequestContext({ provider: "claude", model: MODEL }),
    );
    expect(finishOf(events)).to.deep.equal(generated);
    expect(generated.extension?.providerType, "thinking and its signature ride in the extension").to.equal(
      "anthropic",
    );
    expect(events.filter((event) => event.type === "finish")).to.have.length(1);
  });

  it("yields reasoning, text and tool-call deltas whose concatenation is the final output", async () => {
    server.enqueue(anthropicStreamReply(TOOL_TURN, { pieceLength: 3 }));
    const { events } = await collect(openStream(client));
    const output = finishOf(events);
    const joined = (type: "text-delta" | "reasoning-delta") =>
      events.flatMap((event) => (event.type === type ? [event.delta] : [])).join("");
    expect(joined("reasoning-delta")).to.equal(THINKING.thinking);
    expect(joined("text-delta")).to.equal("Checking both.");
    expect(events.filter((event) => event.type === "text-delta").length).to.be.greaterThan(1);
    for (const [index, call] of (output.toolCalls ?? []).entries()) {
      const argumentsText = events
        .flatMap((event) =>
          event.type === "tool-call-delta" && event.index === index ? [event.argumentsDelta] : [],
        )
        .join("");
      expect(JSON.parse(argumentsText)).to.deep.equal(JSON.parse(call.function.arguments));
    }
    expect(output.usage).to.deep.equal({
      promptTokens: 147,
      completionTokens: 22,
      totalTokens: 169,
      cachedTokens: 100,
      cacheWriteTokens: 7,
    });
  });

  it("numbers tool calls by their place in toolCalls, not by content block index", async () => {
    server.enqueue(anthropicStreamReply(TOOL_TURN, { pieceLength: 5 }));
    const { events } = await collect(openStream(client));
    const starts = events.filter((event) => event.type === "tool-call-start");
    expect(starts).to.deep.equal([
      { type: "tool-call-start", index: 0, id: "toolu_paris", name: "get_weather" },
      { type: "tool-call-start", index: 1, id: "toolu_rome", name: "get_weather" },
    ]);
    const firstDelta = events.findIndex((event) => event.type === "tool-call-delta");
    expect(firstDelta, "a call's deltas follow its start").to.be.greaterThan(
      events.findIndex((event) => event.type === "tool-call-start"),
    );
    expect(finishOf(events).toolCalls?.map((call) => call.id)).to.deep.equal(["toolu_paris", "toolu_rome"]);
  });

  it("delivers each delta as its event arrives, before the stream has ended", async () => {
    server.enqueue(anthropicStreamReply({ text: "abcdef" }, { pieceLength: 2, hangAfterEvents: 5 }));
    const iterator = openStream(client)[Symbol.asyncIterator]();
    expect((await iterator.next()).value).to.deep.equal({ type: "text-delta", delta: "ab" });
    expect((await iterator.next()).value).to.deep.equal({ type: "text-delta", delta: "cd" });
    await iterator.return?.(undefined);
  });

  it("maps an overloaded_error event after HTTP 200 to a ProviderUnavailableError without a status", async () => {
    server.enqueue(anthropicSseReply([anthropicStreamErrorEvent({ requestId: "req_mid" })]));
    const { events, error } = await collect(openStream(client));
    expect(events).to.deep.equal([]);
    expect(error?.name).to.equal("ProviderUnavailableError");
    expect(error?.retryable).to.equal(true);
    expect(error?.status).to.equal(undefined);
    expect(error?.providerCode).to.equal("overloaded_error");
    expect(error?.message).to.contain("Overloaded").and.contain("in the stream");
  });

  it("maps other error events by their type, and scrubs a key the message echoes", async () => {
    const start = anthropicStreamEvents({ text: "x" }).slice(0, 1);
    server.enqueue(
      anthropicSseReply([...start, anthropicStreamErrorEvent({ type: "rate_limit_error", message: "slow" })]),
      anthropicSseReply([anthropicStreamErrorEvent({ type: "api_error", message: `bad key ${KEY}` })]),
      anthropicSseReply([anthropicStreamErrorEvent({ type: "a_type_from_the_future" })]),
    );
    expect((await collect(openStream(client))).error?.name).to.equal("RateLimitError");
    const echoed = (await collect(openStream(client))).error;
    expect(echoed?.name).to.equal("ProviderUnavailableError");
    expect(echoed?.message).to.not.contain(KEY);
    expect((await collect(openStream(client))).error?.name).to.equal("ProviderUnavailableError");
  });

  it("ends with a ConnectionError, never a finish, when the connection is cut before message_stop", async () => {
    server.enqueue(anthropicStreamReply({ text: "Half an answer" }, { pieceLength: 5, cutAfterEvents: 5 }));
    const { events, error } = await collect(openStream(client));
    expect(events.map((event) => event.type)).to.deep.equal(["text-delta", "text-delta"]);
    expect(error?.name).to.equal("ConnectionError");
    expect(error?.retryable).to.equal(true);
  });

  it("ends with a ConnectionError when the body ends cleanly without message_stop", async () => {
    server.enqueue(anthropicSseReply(anthropicStreamEvents({ text: "All of it" }).slice(0, -1)));
    const { events, error } = await collect(openStream(client));
    expect(events.map((event) => event.type)).to.deep.equal(["text-delta"]);
    expect(error?.name).to.equal("ConnectionError");
    expect(error?.message).to.contain("message_stop");
  });

  it("never yields a usable call when the stream is cut inside a tool call's input", async () => {
    const events = anthropicStreamReply(
      { toolUses: [{ id: "toolu_cut", name: "write_file", input: { path: "/tmp/a", text: "long text" } }] },
      { pieceLength: 6 },
    ).events;
    const inside = events.findIndex(
      (event) => (event.data as { type: string }).type === "content_block_delta",
    );
    server.enqueue(anthropicSseReply(events, { cutAfterEvents: inside + 2 }));
    const { events: seen, error } = await collect(openStream(client));
    expect(seen.map((event) => event.type)).to.deep.equal([
      "tool-call-start",
      "tool-call-delta",
      "tool-call-delta",
    ]);
    expect(error?.code).to.equal("provider_error");
    expect(error?.providerCode).to.equal("tool_call_truncated");
    expect(error?.message).to.contain("toolu_cut").and.contain("write_file");
    expect((error?.cause as Error | undefined)?.name).to.equal("ConnectionError");
  });

  it("refuses a call whose input ends as broken JSON when max_tokens stopped the reply", async () => {
    const events: SseEvent[] = anthropicStreamEvents({
      toolUses: [{ id: "toolu_long", name: "write_file", input: { text: "x" } }],
      stopReason: "max_tokens",
    }).map((event) => {
      const data = event.data as { delta?: { type?: string } };
      if (data.delta?.type !== "input_json_delta") return event;
      return {
        ...event,
        data: { ...data, delta: { type: "input_json_delta", partial_json: '{"text": "xx' } },
      };
    });
    server.enqueue(anthropicSseReply(events));
    const { events: seen, error } = await collect(openStream(client));
    expect(seen.some((event) => event.type === "finish")).to.equal(false);
    expect(error?.providerCode).to.equal("tool_call_truncated");
    expect(error?.message).to.contain("max_tokens");
  });

  it("refuses a call whose input parses when max_tokens stopped the reply, as generate does", async () => {
    // The input comes whole in content_block_start, so no partial JSON is left broken.
    const events: SseEvent[] = anthropicStreamEvents({
      toolUses: [{ id: "toolu_cut", name: "get_weather", input: {} }],
      stopReason: "max_tokens",
    }).filter((event) => (event.data as { delta?: { type?: string } }).delta?.type !== "input_json_delta");
    server.enqueue(anthropicSseReply(events));
    const { events: seen, error } = await collect(openStream(client));
    expect(seen.some((event) => event.type === "finish")).to.equal(false);
    expect(error).to.include({ code: "provider_error", providerCode: "tool_call_truncated" });
  });

  it("refuses a tool_use without an id as malformed_tool_call, its start event carrying an empty id", async () => {
    const events: SseEvent[] = anthropicStreamEvents({
      toolUses: [{ id: "toolu_x", name: "get_weather", input: { city: "Rome" } }],
    }).map((event) => {
      const data = event.data as { type?: string; content_block?: Record<string, unknown> };
      if (data.type !== "content_block_start") return event;
      const { id: _id, ...block } = data.content_block ?? {};
      return { ...event, data: { ...data, content_block: block } };
    });
    server.enqueue(anthropicSseReply(events));
    const { events: seen, error } = await collect(openStream(client));
    expect(seen.find((event) => event.type === "tool-call-start")).to.include({ id: "" });
    expect(seen.some((event) => event.type === "finish")).to.equal(false);
    expect(error).to.include({ code: "provider_error", providerCode: "malformed_tool_call" });
  });

  it("maps an event whose data is not JSON to a provider_error that does not echo it", async () => {
    const [start] = anthropicStreamEvents({ text: "x" });
    server.enqueue(
      anthropicSseReply([start, { event: "content_block_start", data: "{not json SECRET-BYTES" }]),
    );
    const { error } = await collect(openStream(client));
    expect(error?.code).to.equal("provider_error");
    expect(error?.message).to.not.contain("SECRET-BYTES");
    expect(JSON.stringify(error)).to.not.contain("SECRET-BYTES");
  });

  it("skips ping events and events without a name, whatever their data, as the SDK's reader does", async () => {
    const events = anthropicStreamEvents({ text: "kept" });
    const start = events.findIndex(
      (event) => (event.data as { type?: string }).type === "content_block_start",
    );
    const { index } = events[start].data as { index: number };
    const delta = (text: string) => ({
      type: "content_block_delta",
      index,
      delta: { type: "text_delta", text },
    });
    server.enqueue(
      anthropicSseReply([
        ...events.slice(0, start + 1),
        { event: "ping", data: delta("PING") },
        { data: delta("UNNAMED") },
        { event: "ping", data: "not json" },
        { data: "not json either" },
        { event: "content_block_delta", data: "" },
        ...events.slice(start + 1),
      ]),
    );
    const { events: seen, error } = await collect(openStream(client));
    expect(error).to.equal(undefined);
    expect(seen.flatMap((event) => (event.type === "text-delta" ? [event.delta] : []))).to.deep.equal([
      "kept",
    ]);
    expect(finishOf(seen).content).to.equal("kept");
  });

  it("maps an error event whose data is not JSON as the SDK's APIError for that text", async () => {
    server.enqueue(anthropicSseReply([{ event: "error", data: "upstream proxy failure" }]));
    const { events, error } = await collect(openStream(client));
    expect(events).to.deep.equal([]);
    expect(error?.code).to.equal("provider_error");
    expect(error?.status).to.equal(undefined);
    expect((error?.cause as Error | undefined)?.name).to.equal("APIError");
  });

  it("closes the HTTP stream when an error event or an event that is not JSON fails it", async () => {
    const [start] = anthropicStreamEvents({ text: "x" });
    server.enqueue(
      anthropicSseReply([start, anthropicStreamErrorEvent()], { hangAfterEvents: 2 }),
      anthropicSseReply([start, { event: "content_block_start", data: "{not json" }], { hangAfterEvents: 2 }),
    );
    expect((await collect(openStream(client))).error?.name).to.equal("ProviderUnavailableError");
    await waitUntil(() => server.requests[0].clientDisconnected);
    expect((await collect(openStream(client))).error?.code).to.equal("provider_error");
    await waitUntil(() => server.requests[1].clientDisconnected);
  });

  it("leaves no abort listener on the request's signal once a stream finished, failed or was refused", async () => {
    const signal = new AbortController().signal;
    server.enqueue(
      anthropicStreamReply({ text: "whole" }),
      anthropicSseReply([anthropicStreamErrorEvent()]),
      {
        kind: "json",
        status: 529,
        body: { type: "error", error: { type: "overloaded_error", message: "-" } },
      },
    );
    expect(finishOf((await collect(openStream(client, signal))).events).content).to.equal("whole");
    expect(getEventListeners(signal, "abort")).to.have.length(0);
    expect((await collect(openStream(client, signal))).error?.status).to.equal(undefined);
    expect(getEventListeners(signal, "abort")).to.have.length(0);
    expect((await collect(openStream(client, signal))).error?.status).to.equal(529);
    expect(getEventListeners(signal, "abort")).to.have.length(0);
  });

  it("fails with a provider_error, as the SDK's reader did, when the server answers 204 without a body", async () => {
    server.enqueue({ kind: "text", status: 204, body: "" });
    const { events, error } = await collect(openStream(client));
    expect(events).to.deep.equal([]);
    expect(error?.code).to.equal("provider_error");
    expect(error?.message).to.contain("no body");
  });

  it("closes the HTTP stream and removes its abort listener when the consumer stops early", async () => {
    const signal = new AbortController().signal;
    server.enqueue(anthropicStreamReply({ text: "one two" }, { pieceLength: 4, hangAfterEvents: 4 }));
    const iterator = openStream(client, signal)[Symbol.asyncIterator]();
    expect((await iterator.next()).value).to.deep.equal({ type: "text-delta", delta: "one " });
    expect(getEventListeners(signal, "abort")).to.have.length(1);
    await iterator.return?.(undefined);
    await waitUntil(() => server.requests[0].clientDisconnected);
    expect(getEventListeners(signal, "abort")).to.have.length(0);
  });

  it("maps an abort of the request's signal mid-stream to AbortError and closes the HTTP stream", async () => {
    server.enqueue(anthropicStreamReply({ text: "one two" }, { pieceLength: 4, hangAfterEvents: 4 }));
    const controller = new AbortController();
    const iterator = openStream(client, controller.signal)[Symbol.asyncIterator]();
    await iterator.next();
    const reason = new Error("user pressed stop");
    controller.abort(reason);
    const error = await iterator.next().then(
      () => undefined,
      (thrown: LLMProviderError) => thrown,
    );
    expect(error?.name).to.equal("AbortError");
    expect(error?.cause).to.equal(reason);
    await waitUntil(() => server.requests[0].clientDisconnected);
    expect(getEventListeners(controller.signal, "abort")).to.have.length(0);
  });

  it("rejects at once with AbortError, sending nothing, when the signal was aborted before the call", async () => {
    const controller = new AbortController();
    controller.abort();
    const { events, error } = await collect(openStream(client, controller.signal));
    expect(events).to.deep.equal([]);
    expect(error?.name).to.equal("AbortError");
    expect(server.requests).to.have.length(0);
  });

  it("maps an HTTP error before the stream starts like generate does", async () => {
    server.enqueue({
      kind: "json",
      status: 529,
      headers: { "request-id": "req_529" },
      body: { type: "error", error: { type: "overloaded_error", message: "Overloaded" } },
    });
    const { error } = await collect(openStream(client));
    expect(error?.name).to.equal("ProviderUnavailableError");
    expect(error?.status).to.equal(529);
    expect(error?.requestId).to.equal("req_529");
  });
});
