import { getEventListeners } from "node:events";
import { expect } from "chai";
import { pino } from "pino";
import {
  type ChatMessage,
  createRuntime,
  type LLMOutput,
  type Runtime,
  type StreamEvent,
  type ToolDefinition,
} from "../../../src/index.js";
import {
  type GoogleFakeServer,
  googleBlockedPromptResponse,
  googleGenerateContentResponse,
  googleJsonReply,
  googleSseReply,
  startGoogleFakeServer,
} from "../../../src/testing/protocols/google-protocol.js";
import {
  type GoogleStreamSpec,
  googleStreamChunks,
  googleStreamErrorData,
  googleStreamReply,
} from "../../../src/testing/protocols/google-stream-replies.js";
import { fakeRequestContext } from "../../support/fake-request-context.js";

const KEY = "gemini-stream-test-key-9f8e7d6c5b";
const MODEL = "gemini-2.5-flash";
const HELLO: ChatMessage[] = [{ role: "user", content: "Say hello." }];
const WEATHER: ToolDefinition[] = [
  {
    type: "function",
    function: {
      name: "get_weather",
      description: "Weather in a city",
      parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
    },
  },
];

type Outcome = { events: StreamEvent[]; error?: Error & Record<string, unknown> };

async function collect(stream: AsyncIterable<StreamEvent>): Promise<Outcome> {
  const events: StreamEvent[] = [];
  try {
    for await (const event of stream) events.push(event);
  } catch (error) {
    return { events, error: error as Error & Record<string, unknown> };
  }
  return { events };
}

function finishOf(events: StreamEvent[]): LLMOutput {
  const last = events.at(-1);
  if (last?.type !== "finish") throw new Error(`the stream did not finish: ${JSON.stringify(last)}`);
  return last.output;
}

/** The output without the attempt list (its timings differ between two calls). */
function withoutAttempts(output: LLMOutput) {
  const { attempts: _attempts, ...rest } = output;
  return rest;
}

describe("google plugin: streaming through createRuntime and the real SDK", () => {
  let server: GoogleFakeServer;
  let runtime: Runtime;

  async function open(plugins: unknown[] = ["google"], instance: Record<string, unknown> = {}) {
    runtime = await createRuntime({
      config: {
        plugins,
        providers: { gemini: { type: "google", apiKey: KEY, baseURL: server.url, ...instance } },
        clients: { default: { provider: "gemini", model: MODEL } },
      },
      env: {},
      logger: pino({ level: "silent" }),
    });
    return runtime.client();
  }

  /** Streams the spec's chunks, then asks generateResponse for the same reply as one body. */
  async function streamAndGenerate(spec: GoogleStreamSpec, tools?: ToolDefinition[]) {
    const client = await open();
    server.enqueue(googleStreamReply(spec), googleJsonReply(googleGenerateContentResponse(spec)));
    const streamed = await collect(client.streamResponse(HELLO, tools));
    const generated = await client.generateResponse(HELLO, tools);
    return { streamed, generated };
  }

  beforeEach(async () => {
    server = await startGoogleFakeServer();
  });

  afterEach(async () => {
    await runtime?.close();
    await server.close();
  });

  it("posts to streamGenerateContent with alt=sse the same body generateContent gets", async () => {
    await streamAndGenerate({ text: "Hello." }, WEATHER);
    const [streamRequest, generateRequest] = server.requests;
    expect(streamRequest.path).to.equal(`/v1beta/models/${MODEL}:streamGenerateContent`);
    expect(streamRequest.query).to.deep.equal({ alt: "sse" });
    expect(generateRequest.path).to.equal(`/v1beta/models/${MODEL}:generateContent`);
    expect(streamRequest.body).to.deep.equal(generateRequest.body);
  });

  it("yields reasoning and text deltas chunk by chunk, none empty, and finishes with what generateResponse returns", async () => {
    const spec: GoogleStreamSpec = {
      thoughtChunks: ["Counting ", "letters."],
      textChunks: ["There are ", "3 r's ", "in strawberry."],
      textSignature: "sig-text-1",
      usage: { promptTokens: 9, candidatesTokens: 12, thoughtsTokens: 40 },
      modelVersion: "gemini-3-pro-preview",
    };
    const { streamed, generated } = await streamAndGenerate({
      ...spec,
      thought: "Counting letters.",
      text: "There are 3 r's in strawberry.",
    });
    expect(streamed.error).to.equal(undefined);
    expect(streamed.events.slice(0, 5)).to.deep.equal([
      { type: "reasoning-delta", delta: "Counting " },
      { type: "reasoning-delta", delta: "letters." },
      { type: "text-delta", delta: "There are " },
      { type: "text-delta", delta: "3 r's " },
      { type: "text-delta", delta: "in strawberry." },
    ]);
    expect(streamed.events.slice(5).map((event) => event.type)).to.deep.equal(["usage", "finish"]);
    const output = finishOf(streamed.events);
    expect(withoutAttempts(output)).to.deep.equal(withoutAttempts(generated));
    // The final chunk's cumulative usage, not a sum of the running totals.
    expect(output.usage).to.deep.equal({
      promptTokens: 9,
      completionTokens: 52,
      totalTokens: 61,
      reasoningTokens: 40,
    });
    expect(output.extension?.data).to.deep.equal({ textSignature: "sig-text-1" });
  });

  it("streams each whole functionCall as a start and one delta, reports tool_calls on STOP, and gives id-less calls generateResponse's ids", async () => {
    const spec: GoogleStreamSpec = {
      text: "Checking both.",
      functionCalls: [
        { name: "get_weather", args: { city: "Paris" }, thoughtSignature: "sig-call-1" },
        { name: "get_weather", args: { city: "Tokyo" } },
      ],
    };
    const { streamed, generated } = await streamAndGenerate(spec, WEATHER);
    const output = finishOf(streamed.events);
    expect(withoutAttempts(output)).to.deep.equal(withoutAttempts(generated));
    expect(output.finishReason).to.equal("tool_calls");
    const ids = generated.toolCalls?.map((call) => call.id) ?? [];
    expect(new Set(ids).size).to.equal(2);
    expect(streamed.events.filter((event) => event.type.startsWith("tool-call"))).to.deep.equal([
      { type: "tool-call-start", index: 0, id: ids[0], name: "get_weather" },
      { type: "tool-call-delta", index: 0, argumentsDelta: '{"city":"Paris"}' },
      { type: "tool-call-start", index: 1, id: ids[1], name: "get_weather" },
      { type: "tool-call-delta", index: 1, argumentsDelta: '{"city":"Tokyo"}' },
      { type: "tool-call-end", index: 0, id: ids[0], name: "get_weather", arguments: '{"city":"Paris"}' },
      { type: "tool-call-end", index: 1, id: ids[1], name: "get_weather", arguments: '{"city":"Tokyo"}' },
    ]);
  });

  it("gives the same generated ids as generateResponse when the reply has no responseId", async () => {
    const client = await open();
    const spec: GoogleStreamSpec = {
      textChunks: ["One ", "moment."],
      functionCalls: [
        { name: "get_weather", args: { city: "Paris" } },
        { name: "get_weather", args: { city: "Paris" } },
      ],
    };
    const chunks = googleStreamChunks(spec).map(({ responseId: _id, ...chunk }) => chunk);
    const { responseId: _id, ...body } = googleGenerateContentResponse({ ...spec, text: "One moment." });
    server.enqueue(googleSseReply(chunks), googleJsonReply(body));
    const streamed = finishOf((await collect(client.streamResponse(HELLO, WEATHER))).events);
    const generated = await client.generateResponse(HELLO, WEATHER);
    const ids = streamed.toolCalls?.map((call) => call.id);
    expect(ids).to.deep.equal(generated.toolCalls?.map((call) => call.id));
    expect(new Set(ids).size).to.equal(2);
  });

  it("ends with a ConnectionError carrying the partial text, never a finish, when the stream closes without a finishReason", async () => {
    const client = await open();
    server.enqueue(googleStreamReply({ textChunks: ["Half ", "an answer"], omitFinishReason: true }));
    const { events, error } = await collect(client.streamResponse(HELLO));
    expect(events.map((event) => event.type)).to.deep.equal(["text-delta", "text-delta"]);
    expect(error?.name).to.equal("ConnectionError");
    expect(error?.message).to.match(/without a finishReason/);
    expect(error?.partialOutput).to.deep.include({ content: "Half an answer" });
  });

  it("makes exactly one request when a stream carrying a continuationToken is cut (the SDK's automatic continuation is off)", async () => {
    const client = await open();
    const chunks = googleStreamChunks({ textChunks: ["Long ", "answer"] });
    const [first] = chunks as Array<{ candidates: Record<string, unknown>[] }>;
    first.candidates[0].continuationToken = "checkpoint-1";
    server.enqueue({ ...googleSseReply(chunks), cutAfterEvents: 1 });
    const { events, error } = await collect(client.streamResponse(HELLO));
    expect(events).to.deep.equal([{ type: "text-delta", delta: "Long " }]);
    expect(error?.name).to.equal("ConnectionError");
    expect(server.requests).to.have.length(1);
  });

  it("maps a connection cut in the middle of the stream to a ConnectionError with the partial output", async () => {
    const client = await open();
    server.enqueue({ ...googleStreamReply({ textChunks: ["a", "b", "c"] }), cutAfterEvents: 2 });
    const { events, error } = await collect(client.streamResponse(HELLO));
    expect(events).to.have.length(2);
    expect(error?.name).to.equal("ConnectionError");
    expect(error?.partialOutput).to.deep.include({ content: "ab" });
  });

  it("decodes multi-byte text split across network reads inside a character, with CRLF framing", async () => {
    const client = await open();
    const pieces = ["Grüße ", "👋 日本語"];
    const frames = googleStreamChunks({ textChunks: pieces }).map(
      (chunk) => `data: ${JSON.stringify(chunk)}\r\n\r\n`,
    );
    const body = frames.join("");
    const splitAt = Buffer.byteLength(body.slice(0, body.indexOf("👋"))) + 2;
    server.enqueue({
      kind: "text",
      body,
      contentType: "text/event-stream",
      stall: { afterBytes: splitAt, stallMs: 30 },
    });
    const { events, error } = await collect(client.streamResponse(HELLO));
    expect(error).to.equal(undefined);
    expect(events.filter((event) => event.type === "text-delta")).to.deep.equal(
      pieces.map((delta) => ({ type: "text-delta", delta })),
    );
  });

  it("ends with a ConnectionError when the body stops inside an event, never a clean finish", async () => {
    const client = await open();
    const [first, last] = googleStreamChunks({ textChunks: ["Whole "] });
    const body = `data: ${JSON.stringify(first)}\n\ndata: ${JSON.stringify(last).slice(0, 40)}`;
    server.enqueue({ kind: "text", body, contentType: "text/event-stream" });
    const { events, error } = await collect(client.streamResponse(HELLO));
    expect(events).to.deep.equal([{ type: "text-delta", delta: "Whole " }]);
    expect(error?.name).to.equal("ConnectionError");
    expect(error?.message).to.contain("inside an event");
  });

  it("maps an event whose data is not JSON to a ProviderUnavailableError that does not echo it (not retryable once text went out)", async () => {
    const client = await open();
    const [first] = googleStreamChunks({ textChunks: ["Fine "] });
    server.enqueue(googleSseReply([first, `{"candidates":[{"content":{"parts":[{"text":"${KEY}`]));
    const { events, error } = await collect(client.streamResponse(HELLO));
    expect(events).to.have.length(1);
    expect(error?.name).to.equal("ProviderUnavailableError");
    // "Fine " reached the caller: a retry would repeat it, so the runtime does not call it retryable.
    expect(error?.retryable).to.equal(false);
    expect(error?.message).to.not.contain("candidates");
    expect(JSON.stringify(error)).to.not.contain(KEY);
  });

  it("retries an error event sent after status 200 before any content, transparently", async () => {
    const client = await open(["google", { use: "retry", options: { maxRetries: 1, initialDelayMs: 0 } }]);
    server.enqueue(
      googleSseReply([googleStreamErrorData(503)]),
      googleStreamReply({ textChunks: ["Hel", "lo"] }),
    );
    const { events, error } = await collect(client.streamResponse(HELLO));
    expect(error).to.equal(undefined);
    expect(finishOf(events).content).to.equal("Hello");
    expect(events.filter((event) => event.type === "text-delta")).to.have.length(2);
    expect(server.requests).to.have.length(2);
  });

  it("ends with a typed error and the partial text, without a retry, when an error event follows text", async () => {
    const client = await open(["google", { use: "retry", options: { maxRetries: 2, initialDelayMs: 0 } }]);
    const [first] = googleStreamChunks({ textChunks: ["Partial "] });
    const echoing = googleStreamErrorData(503, `overloaded (key=${KEY})`);
    server.enqueue(googleSseReply([first, echoing]));
    const { events, error } = await collect(client.streamResponse(HELLO));
    expect(events).to.deep.equal([{ type: "text-delta", delta: "Partial " }]);
    expect(error?.name).to.equal("ProviderUnavailableError");
    expect(error?.message).to.contain("UNAVAILABLE").and.contain("overloaded");
    expect(error?.message).to.not.contain(KEY);
    expect(error?.partialOutput).to.deep.include({ content: "Partial " });
    expect(server.requests).to.have.length(1);
  });

  it("throws a ContentFilterError for a prompt Gemini blocked in its first chunk", async () => {
    const client = await open();
    server.enqueue(googleSseReply([googleBlockedPromptResponse("PROHIBITED_CONTENT")]));
    const { events, error } = await collect(client.streamResponse(HELLO));
    expect(events).to.deep.equal([]);
    expect(error?.name).to.equal("ContentFilterError");
    expect(error?.providerCode).to.equal("PROHIBITED_CONTENT");
  });

  it("closes the HTTP stream when the caller breaks out of the loop", async () => {
    const client = await open();
    server.enqueue(googleStreamReply({ textChunks: ["one ", "two ", "three"] }, { eventDelayMs: 200 }));
    for await (const event of client.streamResponse(HELLO)) {
      expect(event).to.deep.equal({ type: "text-delta", delta: "one " });
      break;
    }
    await waitFor(() => server.requests[0]?.clientDisconnected === true);
  });

  it("rejects with an AbortError and closes the HTTP stream when the caller aborts mid-stream", async () => {
    const client = await open();
    server.enqueue(googleStreamReply({ textChunks: ["one ", "two"] }, { hangAfterEvents: 1 }));
    const controller = new AbortController();
    const events: StreamEvent[] = [];
    let caught: unknown;
    try {
      for await (const event of client.streamResponse(HELLO, undefined, undefined, {
        signal: controller.signal,
      })) {
        events.push(event);
        controller.abort(new Error("user pressed stop"));
      }
    } catch (error) {
      caught = error;
    }
    expect(events).to.have.length(1);
    expect((caught as Error).name).to.equal("AbortError");
    await waitFor(() => server.requests[0]?.clientDisconnected === true);
  });

  it("bounds the wait for the response head by the instance's timeoutMs, with a TimeoutError of phase attempt", async () => {
    const client = await open(["google"], { timeoutMs: 150 });
    server.enqueue(googleStreamReply({ text: "late" }, { delayMs: 1000 }));
    const { events, error } = await collect(client.streamResponse(HELLO));
    expect(events).to.deep.equal([]);
    expect(error?.name).to.equal("TimeoutError");
    expect(error?.phase).to.equal("attempt");
    expect(error?.message).to.contain("150 ms");
  });

  it("lets a stream run longer than the instance's timeoutMs once its head has arrived", async () => {
    const client = await open(["google"], { timeoutMs: 150 });
    server.enqueue(googleStreamReply({ textChunks: ["a", "b", "c", "d"] }, { eventDelayMs: 80 }));
    const { events, error } = await collect(client.streamResponse(HELLO));
    expect(error).to.equal(undefined);
    expect(finishOf(events).content).to.equal("abcd");
  });

  it("ends with a TimeoutError of phase idle when the stream goes silent between chunks", async () => {
    const client = await open();
    server.enqueue(googleStreamReply({ textChunks: ["one ", "two"] }, { hangAfterEvents: 1 }));
    const { events, error } = await collect(
      client.streamResponse(HELLO, undefined, undefined, { idleTimeoutMs: 150 }),
    );
    expect(events).to.deep.equal([{ type: "text-delta", delta: "one " }]);
    expect(error?.name).to.equal("TimeoutError");
    expect(error?.phase).to.equal("idle");
    await waitFor(() => server.requests[0]?.clientDisconnected === true);
  });
});

describe("google plugin: a stream leaves no listener or timer behind", () => {
  let server: GoogleFakeServer;
  let runtime: Runtime;

  beforeEach(async () => {
    server = await startGoogleFakeServer();
    runtime = await createRuntime({
      config: {
        plugins: ["google"],
        // A per-attempt timeout, so a timer left armed after the stream would show.
        providers: { gemini: { type: "google", apiKey: KEY, baseURL: server.url, timeoutMs: 60_000 } },
        clients: { default: { provider: "gemini", model: MODEL } },
      },
      env: {},
      logger: pino({ level: "silent" }),
    });
  });

  afterEach(async () => {
    await runtime.close();
    await server.close();
  });

  /** Streams straight from the provider client, with a request signal the test owns. */
  function streamDirect(signal: AbortSignal) {
    const provider = runtime.providerClient("gemini");
    const request = { provider: "gemini", model: MODEL, messages: HELLO, params: {} };
    const stream = provider.stream?.(
      request,
      fakeRequestContext({ provider: "gemini", model: MODEL, signal }),
    );
    if (!stream) throw new Error("the google provider client has no stream method");
    return stream;
  }

  const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === "Timeout").length;

  it("removes its abort listener and keeps no timer once the stream finished", async () => {
    const signal = new AbortController().signal;
    // A first stream opens the keep-alive connection, whose idle timers are the HTTP stack's own.
    server.enqueue(googleStreamReply({ text: "warm-up" }), googleStreamReply({ textChunks: ["a", "b"] }));
    await collect(streamDirect(signal));
    const before = timers();
    const { events } = await collect(streamDirect(signal));
    expect(events.at(-1)?.type).to.equal("finish");
    expect(getEventListeners(signal, "abort")).to.have.length(0);
    expect(timers()).to.equal(before);
  });

  it("removes its abort listener and closes the socket when the consumer stops early", async () => {
    const signal = new AbortController().signal;
    server.enqueue(googleStreamReply({ textChunks: ["a", "b"] }, { hangAfterEvents: 1 }));
    for await (const event of streamDirect(signal)) {
      expect(getEventListeners(signal, "abort")).to.have.length(1);
      expect(event.type).to.equal("text-delta");
      break;
    }
    expect(getEventListeners(signal, "abort")).to.have.length(0);
    await waitFor(() => server.requests[0]?.clientDisconnected === true);
  });

  it("removes its abort listener when the stream fails", async () => {
    const signal = new AbortController().signal;
    server.enqueue(googleStreamReply({ text: "cut" }, { cutAfterEvents: 1 }));
    const { error } = await collect(streamDirect(signal));
    expect(error?.name).to.equal("ConnectionError");
    expect(getEventListeners(signal, "abort")).to.have.length(0);
  });

  it("leaves no listener on the caller's long-lived signal after many streams through the client", async () => {
    const caller = new AbortController().signal;
    const client = runtime.client();
    for (let round = 0; round < 20; round += 1) {
      server.enqueue(googleStreamReply({ textChunks: ["x", "y"] }, round % 2 ? { hangAfterEvents: 1 } : {}));
      for await (const event of client.streamResponse(HELLO, undefined, undefined, { signal: caller })) {
        if (event.type === "text-delta") break;
      }
    }
    expect(getEventListeners(caller, "abort")).to.have.length(0);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
