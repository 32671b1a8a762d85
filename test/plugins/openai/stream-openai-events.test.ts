import { getEventListeners } from "node:events";
import { expect } from "chai";
import { createOpenAIProviderClient } from "../../../plugins/openai/openai-client.js";
import type { OpenAIInstanceConfig } from "../../../plugins/openai/openai-instance-config.js";
import type { LLMOutput, LLMRequest, ProviderClient, StreamEvent } from "../../../src/index.js";
import { LLMProviderError } from "../../../src/index.js";
import type { FakeServer } from "../../../src/testing/fake-server.js";
import type { SseEvent } from "../../../src/testing/fake-server-types.js";
import {
  openAIChatCompletion,
  openAIChunkEvents,
  openAIJsonReply,
  openAISseReply,
  openAIUsage,
  startOpenAIFakeServer,
} from "../../../src/testing/protocols/openai-protocol.js";
import { formatSseEvent } from "../../../src/testing/write-fake-reply.js";
import { fakeRequestContext } from "../../support/fake-request-context.js";

const KEY = "sk-test-stream-canary-0a1b2c3d4e5f6789";
const REQUEST: LLMRequest = {
  provider: "openai",
  model: "gpt-4o",
  messages: [{ role: "user", content: "hi" }],
  params: {},
};

/** One `chat.completion.chunk` with a first-choice delta (or `choices: []` with usage). */
function chunk(delta: Record<string, unknown> | null, finishReason: string | null = null, usage?: unknown) {
  const choices = delta === null ? [] : [{ index: 0, delta, finish_reason: finishReason }];
  return { data: { id: "chatcmpl-s", object: "chat.completion.chunk", model: "gpt-4o", choices, usage } };
}

async function collect(client: ProviderClient, signal?: AbortSignal) {
  const events: StreamEvent[] = [];
  const stream = client.stream?.(REQUEST, fakeRequestContext({ signal }));
  if (!stream) throw new Error("the OpenAI client has no stream method");
  try {
    for await (const event of stream) events.push(event);
  } catch (error) {
    return { events, error: error as LLMProviderError };
  }
  return { events, error: undefined };
}

const finishOf = (events: StreamEvent[]): LLMOutput =>
  (events.at(-1) as Extract<StreamEvent, { type: "finish" }>).output;

describe("streamOpenAIEvents through the OpenAI client", () => {
  let server: FakeServer;
  let client: ProviderClient;

  const instance = (overrides: Partial<OpenAIInstanceConfig> = {}): OpenAIInstanceConfig => ({
    name: "openai",
    type: "openai",
    apiKey: KEY,
    baseURL: `${server.url}/v1`,
    ...overrides,
  });

  beforeEach(async () => {
    server = await startOpenAIFakeServer();
    client = await createOpenAIProviderClient(instance());
  });

  afterEach(async () => {
    await server.close();
  });

  it("asks for a stream with usage and yields each delta, then a finish equal to generate's output", async () => {
    const spec = {
      textPieces: ["The ", "answer"],
      toolCalls: [{ id: "call_w", name: "get_weather", arguments: { city: "Paris" } }],
      usage: { promptTokens: 12, completionTokens: 7, cachedTokens: 2 },
    };
    server.enqueue(openAISseReply(openAIChunkEvents(spec)));
    server.enqueue(openAIJsonReply(openAIChatCompletion({ ...spec, content: "The answer" })));
    const { events, error } = await collect(client);
    expect(error).to.equal(undefined);
    expect(server.requests[0].body).to.deep.include({
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(events.map((event) => event.type)).to.deep.equal([
      "text-delta",
      "text-delta",
      "tool-call-start",
      "tool-call-delta",
      "finish",
    ]);
    const generated = await client.generate(REQUEST, fakeRequestContext());
    expect(finishOf(events)).to.deep.equal(generated);
    expect(finishOf(events).usage.cachedTokens).to.equal(2);
  });

  it("leaves stream_options out when the instance sets streamUsage false (Groq rejects it)", async () => {
    const groq = await createOpenAIProviderClient(instance({ streamUsage: false }));
    const events = openAIChunkEvents({ content: "ok" }).filter(
      (event) => !JSON.stringify(event).includes("usage"),
    );
    server.enqueue(openAISseReply(events));
    const { events: seen, error } = await collect(groq);
    expect(error).to.equal(undefined);
    expect(server.requests[0].body).to.not.have.property("stream_options");
    expect(finishOf(seen).usage).to.deep.equal({ promptTokens: 0, completionTokens: 0, totalTokens: 0 });
  });

  it("takes usage a compatible server puts on its finish chunk", async () => {
    const usage = openAIUsage({ promptTokens: 3, completionTokens: 2 });
    server.enqueue(openAISseReply([chunk({ content: "hi" }), chunk({}, "stop", usage)], { withDone: true }));
    const { events } = await collect(client);
    expect(finishOf(events).usage.totalTokens).to.equal(5);
  });

  it("assembles Ollama's parallel calls, each sent whole with index 0, into distinct calls", async () => {
    const whole = (id: string, city: string) => ({
      tool_calls: [
        {
          index: 0,
          id,
          type: "function",
          function: { name: "get_weather", arguments: `{"city":"${city}"}` },
        },
      ],
    });
    server.enqueue(
      openAISseReply(
        [
          chunk({ role: "assistant", content: "" }),
          chunk(whole("call_o1", "Oslo")),
          chunk(whole("call_o2", "Lima")),
          chunk({}, "tool_calls"),
        ],
        {
          withDone: true,
        },
      ),
    );
    const { events, error } = await collect(client);
    expect(error).to.equal(undefined);
    expect(finishOf(events).toolCalls).to.deep.equal([
      { id: "call_o1", type: "function", function: { name: "get_weather", arguments: '{"city":"Oslo"}' } },
      { id: "call_o2", type: "function", function: { name: "get_weather", arguments: '{"city":"Lima"}' } },
    ]);
    expect(finishOf(events).content).to.equal(null);
  });

  it("streams DeepSeek's reasoning_content and OpenRouter's reasoning as reasoning deltas", async () => {
    server.enqueue(
      openAISseReply(
        [
          chunk({ role: "assistant", reasoning_content: "Think" }),
          chunk({ reasoning: "ing." }),
          chunk({ content: "Done." }),
          chunk({}, "stop"),
        ],
        { withDone: true },
      ),
    );
    const { events } = await collect(client);
    expect(events.slice(0, 3)).to.deep.equal([
      { type: "reasoning-delta", delta: "Think" },
      { type: "reasoning-delta", delta: "ing." },
      { type: "text-delta", delta: "Done." },
    ]);
    expect(finishOf(events).reasoningInfo?.reasoningText).to.equal("Thinking.");
  });

  it("gathers refusal deltas into output.refusal with content null, as generate reports a refusal", async () => {
    server.enqueue(
      openAISseReply(
        [
          chunk({ role: "assistant", refusal: "I can't " }),
          chunk({ refusal: "help with that." }),
          chunk({}, "stop"),
        ],
        { withDone: true },
      ),
    );
    server.enqueue(
      openAIJsonReply(openAIChatCompletion({ content: null, refusal: "I can't help with that." })),
    );
    const { events } = await collect(client);
    const generated = await client.generate(REQUEST, fakeRequestContext());
    expect(finishOf(events).refusal).to.equal("I can't help with that.");
    expect(finishOf(events)).to.deep.include({ content: null, refusal: generated.refusal });
  });

  it("finishes a stream that has its finish_reason but no [DONE] (as the recorded streams are)", async () => {
    server.enqueue(openAISseReply(openAIChunkEvents({ content: "whole" }).slice(0, -1)));
    const { events, error } = await collect(client);
    expect(error).to.equal(undefined);
    expect(finishOf(events).content).to.equal("whole");
  });

  it("ends a stream closed cleanly before any finish_reason with ConnectionError, never a finish", async () => {
    server.enqueue(openAISseReply([chunk({ content: "Half an ans" })]));
    const { events, error } = await collect(client);
    expect(error?.name).to.equal("ConnectionError");
    expect(events.map((event) => event.type)).to.deep.equal(["text-delta"]);
  });

  it("ends a stream whose socket is cut mid-reply with ConnectionError", async () => {
    server.enqueue(openAISseReply(openAIChunkEvents({ textPieces: ["a", "b", "c"] }), { cutAfterEvents: 2 }));
    const { events, error } = await collect(client);
    expect(error?.code).to.equal("connection");
    expect(error?.retryable).to.equal(true);
    expect(events).to.deep.equal([{ type: "text-delta", delta: "a" }]);
  });

  it("never yields a call whose arguments stop mid-JSON: finish_reason length gives a typed error", async () => {
    const truncated: SseEvent[] = [
      chunk({
        tool_calls: [{ index: 0, id: "call_t", type: "function", function: { name: "f", arguments: "" } }],
      }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: '{"text":"a long te' } }] }),
      chunk({}, "length"),
    ];
    server.enqueue(openAISseReply(truncated, { withDone: true }));
    const { events, error } = await collect(client);
    expect(error).to.be.instanceOf(LLMProviderError);
    expect(error?.providerCode).to.equal("tool_call_truncated");
    expect(error?.message).to.include("max_tokens");
    expect(events.some((event) => event.type === "finish")).to.equal(false);
  });

  it("skips an event line without data and a comment line inside an event, losing no text", async () => {
    const events = openAIChunkEvents({ textPieces: ["Olá ", "😀"] });
    const [first, second, ...rest] = events.map((event) => formatSseEvent(event));
    const withComment = second.replace(/\n\n$/, "\n: keep-alive\n\n");
    const body = `${first}event: noise\r\n\r\n${withComment}${rest.join("")}`;
    server.enqueue({ kind: "text", contentType: "text/event-stream", body });
    const { events: seen, error } = await collect(client);
    expect(error).to.equal(undefined);
    expect(finishOf(seen).content).to.equal("Olá 😀");
  });

  it("refuses a streamed call that got an id and arguments but never a name, rather than dropping it", async () => {
    server.enqueue(
      openAISseReply([
        chunk({ tool_calls: [{ index: 0, id: "call_x", type: "function", function: { arguments: "{}" } }] }),
        chunk({}, "tool_calls"),
      ]),
    );
    const { events, error } = await collect(client);
    expect(events.some((event) => event.type === "finish")).to.equal(false);
    expect(error).to.include({ code: "provider_error", providerCode: "malformed_tool_call" });
  });

  it("refuses a chunk whose tool_calls is not a list of objects", async () => {
    server.enqueue(
      openAISseReply([chunk({ tool_calls: { index: 0, id: "call_x" } }), chunk({}, "tool_calls")]),
    );
    const { error } = await collect(client);
    expect(error).to.include({ code: "provider_error", providerCode: "malformed_tool_call" });
  });

  it("passes over choices that are not a list or not objects, as if the chunk had none", async () => {
    server.enqueue(
      openAISseReply([
        { data: { choices: { index: 0 } } },
        { data: { choices: [null, 3] } },
        chunk({ content: "ok" }, "stop"),
      ]),
    );
    const { events, error } = await collect(client);
    expect(error).to.equal(undefined);
    expect(finishOf(events).content).to.equal("ok");
  });

  it("maps a chunk that is not JSON to a provider_error that does not echo it", async () => {
    server.enqueue(openAISseReply([chunk({ content: "x" }), { data: "{not json SECRET-BYTES" }]));
    const { error } = await collect(client);
    expect(error?.code).to.equal("provider_error");
    expect(error?.message).to.not.include("SECRET-BYTES");
  });

  it("closes the HTTP stream when the consumer stops early (return())", async () => {
    server.enqueue(openAISseReply(openAIChunkEvents({ textPieces: ["one", "two"] }), { hangAfterEvents: 2 }));
    const stream = client.stream?.(REQUEST, fakeRequestContext());
    const iterator = stream?.[Symbol.asyncIterator]();
    expect((await iterator?.next())?.value).to.deep.equal({ type: "text-delta", delta: "one" });
    await iterator?.return?.(undefined);
    await waitUntil(() => server.requests[0].clientDisconnected);
  });

  it("leaves no abort listener on the request's signal once a stream finished, failed, was refused or was left", async () => {
    const signal = new AbortController().signal;
    server.enqueue(
      openAISseReply(openAIChunkEvents({ textPieces: ["whole"] })),
      { kind: "sse", events: [{ data: "not json" }] },
      openAIJsonReply({ error: { message: "busy", type: "server_error" } }, { status: 503 }),
      openAISseReply(openAIChunkEvents({ textPieces: ["one", "two"] }), { hangAfterEvents: 2 }),
    );
    expect((await collect(client, signal)).events.at(-1)?.type).to.equal("finish");
    expect(getEventListeners(signal, "abort")).to.have.length(0);
    expect((await collect(client, signal)).error?.code).to.equal("provider_error");
    expect(getEventListeners(signal, "abort")).to.have.length(0);
    expect((await collect(client, signal)).error?.status).to.equal(503);
    expect(getEventListeners(signal, "abort")).to.have.length(0);
    const iterator = client.stream?.(REQUEST, fakeRequestContext({ signal }))[Symbol.asyncIterator]();
    await iterator?.next();
    expect(getEventListeners(signal, "abort")).to.have.length(1);
    await iterator?.return?.(undefined);
    expect(getEventListeners(signal, "abort")).to.have.length(0);
  });

  it("maps an abort of the request's signal mid-stream to AbortError and closes the HTTP stream", async () => {
    server.enqueue(openAISseReply(openAIChunkEvents({ textPieces: ["one", "two"] }), { hangAfterEvents: 2 }));
    const controller = new AbortController();
    const stream = client.stream?.(REQUEST, fakeRequestContext({ signal: controller.signal }));
    const iterator = stream?.[Symbol.asyncIterator]();
    await iterator?.next();
    const reason = new Error("stop");
    controller.abort(reason);
    const error = await iterator?.next().then(
      () => undefined,
      (thrown: LLMProviderError) => thrown,
    );
    expect(error?.name).to.equal("AbortError");
    expect(error?.cause).to.equal(reason);
    await waitUntil(() => server.requests[0].clientDisconnected);
  });
  it("bounds the wait for the response head by the instance's timeoutMs, not the stream that follows", async () => {
    client = await createOpenAIProviderClient(instance({ timeoutMs: 150 }));
    server.enqueue({ kind: "hang" });
    const late = await collect(client);
    expect(late.error).to.include({ name: "TimeoutError", phase: "attempt" });
    expect(late.events).to.deep.equal([]);
    await waitUntil(() => server.requests[0].clientDisconnected);
    const pieces = ["a", "b", "c", "d"];
    server.enqueue(openAISseReply(openAIChunkEvents({ textPieces: pieces }), { eventDelayMs: 60 }));
    const slow = await collect(client);
    expect(slow.error).to.equal(undefined);
    expect(finishOf(slow.events).content).to.equal("abcd");
  });

  it("reports the caller's abort before the response head as AbortError, not as a timeout", async () => {
    client = await createOpenAIProviderClient(instance({ timeoutMs: 60_000 }));
    server.enqueue({ kind: "hang" });
    const controller = new AbortController();
    const reason = new Error("user pressed stop");
    setTimeout(() => controller.abort(reason), 50);
    const { error } = await collect(client, controller.signal);
    expect(error?.name).to.equal("AbortError");
    expect(error?.cause).to.equal(reason);
    await waitUntil(() => server.requests[0].clientDisconnected);
  });
});

async function waitUntil(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
