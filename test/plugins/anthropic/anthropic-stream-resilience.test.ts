import { getEventListeners } from "node:events";
import { expect } from "chai";
import { pino } from "pino";
import {
  type ChatMessage,
  createRuntime,
  type LLMClient,
  type Runtime,
  type StreamEvent,
  type ToolDefinition,
} from "../../../src/index.js";
import {
  describeErrorForLeakCheck,
  findSecretLeaks,
} from "../../../src/testing/conformance/find-secret-leaks.js";
import type { FakeServer } from "../../../src/testing/fake-server.js";
import {
  anthropicSseReply,
  anthropicStreamEvents,
  startAnthropicFakeServer,
} from "../../../src/testing/protocols/anthropic-protocol.js";
import {
  anthropicStreamErrorEvent,
  anthropicStreamReply,
} from "../../../src/testing/protocols/anthropic-stream-replies.js";
import { fakeRequestContext } from "../../support/fake-request-context.js";

const CANARY_TAIL = "Q7x9Zr2Lm4Vb8Np1";
const KEY = `sk-ant-api03-${CANARY_TAIL}`;
const MODEL = "claude-sonnet-4-6";
const HELLO: ChatMessage[] = [{ role: "user", content: "Hello?" }];
const WEATHER: ToolDefinition[] = [
  {
    type: "function",
    function: {
      name: "get_weather",
      description: "Weather for a city",
      parameters: { type: "object", properties: { city: { type: "string" } } },
    },
  },
];
const RETRY = { use: "retry", options: { maxRetries: 2, initialDelayMs: 0 } };

type Failure = Error & { code?: string; phase?: string; partialOutput?: { content: string } };

async function collect(stream: AsyncIterable<StreamEvent>) {
  const events: StreamEvent[] = [];
  try {
    for await (const event of stream) events.push(event);
  } catch (error) {
    return { events, error: error as Failure };
  }
  return { events, error: undefined };
}

const texts = (events: StreamEvent[]) =>
  events.flatMap((event) => (event.type === "text-delta" ? [event.delta] : []));

async function waitFor(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe("anthropic streaming through createRuntime: faults, cancellation and resources", () => {
  let server: FakeServer;
  let runtime: Runtime | undefined;

  async function open(plugins: unknown[] = [], instance: Record<string, unknown> = {}): Promise<LLMClient> {
    runtime = await createRuntime({
      config: {
        plugins: ["anthropic", ...plugins],
        providers: { claude: { type: "anthropic", apiKey: KEY, baseURL: server.url, ...instance } },
        clients: { default: { provider: "claude", model: MODEL } },
      },
      env: {},
      logger: pino({ level: "silent" }),
    });
    return runtime.client();
  }

  beforeEach(async () => {
    server = await startAnthropicFakeServer();
  });

  afterEach(async () => {
    await runtime?.close();
    runtime = undefined;
    await server.close();
  });

  it("emits deltas, tool-call-end with the final arguments, usage and one finish, equal to generateResponse", async () => {
    const client = await open();
    const spec = {
      text: "Let me look.",
      toolUses: [{ id: "toolu_1", name: "get_weather", input: { city: "Oslo" } }],
      usage: { inputTokens: 30, outputTokens: 12 },
    };
    server.enqueue(anthropicStreamReply(spec, { pieceLength: 4 }), anthropicStreamReply(spec));
    const { events, error } = await collect(client.streamResponse(HELLO, WEATHER));
    expect(error).to.equal(undefined);
    expect(events.slice(-3).map((event) => event.type)).to.deep.equal(["tool-call-end", "usage", "finish"]);
    expect(events.at(-3)).to.deep.equal({
      type: "tool-call-end",
      index: 0,
      id: "toolu_1",
      name: "get_weather",
      arguments: '{"city":"Oslo"}',
    });
    const finish = events.at(-1) as Extract<StreamEvent, { type: "finish" }>;
    const generated = await collect(client.streamResponse(HELLO, WEATHER));
    const again = generated.events.at(-1) as Extract<StreamEvent, { type: "finish" }>;
    const { attempts: _a, ...streamed } = finish.output;
    const { attempts: _b, ...second } = again.output;
    expect(streamed).to.deep.equal(second);
    expect(streamed.usage).to.include({ promptTokens: 30, completionTokens: 12 });
  });

  it("retries transparently an overloaded_error event sent after HTTP 200 before any delta (D2)", async () => {
    const client = await open([RETRY]);
    server.enqueue(
      anthropicSseReply([...anthropicStreamEvents({ text: "x" }).slice(0, 2), anthropicStreamErrorEvent()]),
      anthropicStreamReply({ text: "Hello there" }, { pieceLength: 5 }),
    );
    const { events, error } = await collect(client.streamResponse(HELLO));
    expect(error).to.equal(undefined);
    expect(texts(events).join("")).to.equal("Hello there");
    expect(server.requests).to.have.length(2);
    const finish = events.at(-1) as Extract<StreamEvent, { type: "finish" }>;
    expect(finish.output.attempts.map((attempt) => [attempt.outcome, attempt.errorClass])).to.deep.equal([
      ["error", "ProviderUnavailableError"],
      ["success", undefined],
    ]);
  });

  it("ends with ProviderUnavailableError and the partial text, never a retry, when the error event follows text (D3)", async () => {
    const client = await open([RETRY]);
    const events = anthropicStreamReply({ text: "one two three" }, { pieceLength: 4 }).events;
    const afterTwoDeltas =
      events.findIndex((event) => (event.data as { type: string }).type === "content_block_delta") + 2;
    server.enqueue(
      anthropicSseReply([
        ...events.slice(0, afterTwoDeltas),
        anthropicStreamErrorEvent({ message: `busy ${KEY}` }),
      ]),
    );
    const { events: seen, error } = await collect(client.streamResponse(HELLO));
    expect(texts(seen)).to.deep.equal(["one ", "two "]);
    expect(error?.name).to.equal("ProviderUnavailableError");
    expect(error?.partialOutput).to.deep.include({ content: "one two " });
    expect(server.requests).to.have.length(1);
    expect(findSecretLeaks(describeErrorForLeakCheck(error), KEY, CANARY_TAIL)).to.deep.equal([]);
  });

  it("retries a stream cut before any delta, and ends a cut after one with a ConnectionError (D4)", async () => {
    const client = await open([RETRY]);
    server.enqueue(
      anthropicStreamReply({ text: "lost" }, { cutAfterEvents: 2 }),
      anthropicStreamReply({ text: "kept" }),
    );
    const retried = await collect(client.streamResponse(HELLO));
    expect(retried.error).to.equal(undefined);
    expect(texts(retried.events)).to.deep.equal(["kept"]);
    server.enqueue(anthropicStreamReply({ text: "half of it" }, { pieceLength: 5, cutAfterEvents: 4 }));
    const cut = await collect(client.streamResponse(HELLO));
    expect(cut.error?.name).to.equal("ConnectionError");
    expect(cut.error?.partialOutput).to.deep.include({ content: "half " });
    expect(server.requests).to.have.length(3);
  });

  it("closes the HTTP stream when the caller breaks out of the loop (D7)", async () => {
    const client = await open();
    server.enqueue(anthropicStreamReply({ text: "one two three" }, { pieceLength: 4, eventDelayMs: 100 }));
    for await (const event of client.streamResponse(HELLO)) {
      expect(event).to.deep.equal({ type: "text-delta", delta: "one " });
      break;
    }
    await waitFor(() => server.requests[0]?.clientDisconnected === true);
  });

  it("rejects with AbortError and closes the HTTP stream when the caller aborts mid-stream", async () => {
    const client = await open([RETRY]);
    server.enqueue(anthropicStreamReply({ text: "one two" }, { pieceLength: 4, hangAfterEvents: 4 }));
    const controller = new AbortController();
    const seen: StreamEvent[] = [];
    let caught: Failure | undefined;
    try {
      for await (const event of client.streamResponse(HELLO, undefined, undefined, {
        signal: controller.signal,
      })) {
        seen.push(event);
        controller.abort(new Error("user pressed stop"));
      }
    } catch (error) {
      caught = error as Failure;
    }
    expect(seen).to.have.length(1);
    expect(caught?.name).to.equal("AbortError");
    await waitFor(() => server.requests[0]?.clientDisconnected === true);
    expect(server.requests).to.have.length(1);
  });

  it("ends with a TimeoutError of phase idle and the partial text when the stream goes silent", async () => {
    const client = await open([RETRY]);
    server.enqueue(anthropicStreamReply({ text: "one two" }, { pieceLength: 4, hangAfterEvents: 4 }));
    const started = Date.now();
    const { events, error } = await collect(
      client.streamResponse(HELLO, undefined, undefined, { idleTimeoutMs: 150 }),
    );
    expect(Date.now() - started).to.be.lessThan(1500);
    expect(texts(events)).to.deep.equal(["one "]);
    expect(error?.name).to.equal("TimeoutError");
    expect(error?.phase).to.equal("idle");
    expect(error?.partialOutput).to.deep.include({ content: "one " });
    await waitFor(() => server.requests[0]?.clientDisconnected === true);
  });

  it("bounds the wait for the response head by the instance's timeoutMs, not the stream that follows", async () => {
    const client = await open([], { timeoutMs: 150 });
    server.enqueue(anthropicStreamReply({ text: "late" }, { delayMs: 1000 }));
    const late = await collect(client.streamResponse(HELLO));
    expect(late.error?.name).to.equal("TimeoutError");
    expect(late.events).to.deep.equal([]);
    server.enqueue(anthropicStreamReply({ text: "abcd" }, { pieceLength: 1, eventDelayMs: 60 }));
    const slow = await collect(client.streamResponse(HELLO));
    expect(slow.error).to.equal(undefined);
    expect(texts(slow.events).join("")).to.equal("abcd");
  });

  it("leaves no abort listener on a long-lived caller signal and no timer after many streams", async () => {
    const client = await open();
    const caller = new AbortController().signal;
    const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === "Timeout").length;
    server.enqueue(anthropicStreamReply({ text: "warm-up" }));
    await collect(client.streamResponse(HELLO, undefined, undefined, { signal: caller }));
    const before = timers();
    for (let round = 0; round < 20; round += 1) {
      const options = round % 2 ? { hangAfterEvents: 4 } : {};
      server.enqueue(anthropicStreamReply({ text: "x y z" }, { pieceLength: 2, ...options }));
      for await (const event of client.streamResponse(HELLO, undefined, undefined, { signal: caller })) {
        if (event.type === "text-delta") break;
      }
    }
    server.enqueue(anthropicStreamReply({ text: "done" }));
    const last = await collect(client.streamResponse(HELLO, undefined, undefined, { signal: caller }));
    expect(last.events.at(-1)?.type).to.equal("finish");
    expect(getEventListeners(caller, "abort")).to.have.length(0);
    expect(timers()).to.be.at.most(before);
  });

  it("removes the SDK's listener from the request signal once a provider stream finished or failed", async () => {
    await open();
    const provider = runtime?.providerClient("claude");
    const request = { provider: "claude", model: MODEL, messages: HELLO, params: {} };
    const signal = new AbortController().signal;
    server.enqueue(
      anthropicStreamReply({ text: "a b" }),
      anthropicStreamReply({ text: "cut" }, { cutAfterEvents: 3 }),
    );
    for (const _round of [1, 2]) {
      const stream = provider?.stream?.(
        request,
        fakeRequestContext({ provider: "claude", model: MODEL, signal }),
      );
      if (!stream) throw new Error("the anthropic provider client has no stream method");
      await collect(stream);
      expect(getEventListeners(signal, "abort")).to.have.length(0);
    }
  });
});
