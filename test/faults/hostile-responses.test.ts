/**
 * Answers a hostile or broken server can send, through createRuntime against the fake servers:
 * redirects (no credential or prompt may leave the configured origin), bodies and stream events
 * past the runtime's size caps (G10), a connection cut inside a non-streaming body, and streams
 * that end their reply but keep the connection open.
 */
import { gzipSync } from "node:zlib";
import { expect } from "chai";
import { isLLMProviderError, type RuntimeOptions } from "../../src/index.js";
import { streamedText } from "../../src/testing/conformance/stream-case-helpers.js";
import {
  anthropicStreamReply,
  type FakeServer,
  formatSseEvent,
  openAIChatCompletion,
  openAIChunkEvents,
  openAIJsonReply,
  openAISseReply,
  startFakeServer,
  type TextReply,
} from "../../src/testing/index.js";
import { buildFaultConfig, type RuntimeSpec } from "./support/build-fault-config.js";
import { fallback, PROMPT, useFaultHarness } from "./support/fault-harness.js";
import { FAULT_PROVIDERS, type FaultProvider } from "./support/fault-providers.js";

const MiB = 1024 * 1024;

const nextOf = (provider: FaultProvider) =>
  FAULT_PROVIDERS[(FAULT_PROVIDERS.indexOf(provider) + 1) % FAULT_PROVIDERS.length];

const bombs = new Map<number, Buffer>();

/** A JSON body of `decodedBytes` spaces and an empty object, gzip-compressed (about 1000:1). */
function gzipBomb(decodedBytes: number): TextReply {
  let body = bombs.get(decodedBytes);
  if (!body) {
    body = gzipSync(Buffer.concat([Buffer.alloc(decodedBytes, 0x20), Buffer.from("{}")]), { level: 1 });
    bombs.set(decodedBytes, body);
  }
  return { kind: "text", body, contentType: "application/json", headers: { "content-encoding": "gzip" } };
}

/** An event stream whose one event is a data line of `bytes` bytes, never ended. */
function oversizedEvent(bytes: number): TextReply {
  return { kind: "text", contentType: "text/event-stream", body: `data: ${"x".repeat(bytes)}` };
}

/** A tool-call id built to flood a log, fake a log line and drive a terminal. */
const HOSTILE_ID = `call_\u001b[31m${"A".repeat(20_000)}\n2026-12-07T00:00:00Z INFO all good`;
const HOSTILE_NAME = "\u001b]0;owned\u0007get_\u202eweather";

/** An error message that shows a hostile id: short, one line, no control character. */
function expectTamed(message: string): void {
  expect(message.length, "message length").to.be.below(1_000);
  const controls = [...message].filter((character) => {
    const code = character.charCodeAt(0);
    return code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x202e;
  });
  expect(controls, "control characters").to.deep.equal([]);
  expect(message).to.include(`(${HOSTILE_ID.length} characters)`);
}

describe("faults: hostile responses", function () {
  this.timeout(30_000);
  const harness = useFaultHarness();

  async function open(spec: RuntimeSpec, options: Partial<RuntimeOptions> = {}) {
    const runtime = await harness.createRuntime({ config: buildFaultConfig(spec, harness), ...options });
    return runtime.client();
  }

  let elsewhere: FakeServer;
  beforeEach(async () => {
    elsewhere = await startFakeServer();
  });
  afterEach(() => elsewhere.close());

  for (const provider of FAULT_PROVIDERS) {
    describe(provider.name, () => {
      const secondary = nextOf(provider);
      const chain = [provider.name, secondary.name];

      for (const status of [301, 307, 308]) {
        harness.test(
          `a ${status} to another origin is not followed: no key, header or prompt reaches it`,
          async () => {
            const gatewayToken = harness.addSecret("gateway-token-canary-6f1d2e");
            const client = await open({
              chain: [provider.name],
              instances: { [provider.name]: { headers: { "x-gateway-token": gatewayToken } } },
            });
            harness.servers[provider.name].enqueue({
              kind: "text",
              status,
              body: "moved",
              headers: { location: `${elsewhere.url}/steal?from=${provider.name}` },
            });
            const error = await harness.failure(client.generateResponse(PROMPT));
            expect(error.code).to.equal("provider_error");
            expect(error.providerCode).to.equal("redirect_refused");
            expect(error.message).to.include(elsewhere.url).and.not.include("/steal");
            expect(elsewhere.requests, "requests that reached the other origin").to.have.length(0);
          },
        );
      }

      harness.test(
        "G10 a gzip bomb is refused at maxResponseBytes, typed, and the chain falls back",
        async () => {
          const client = await open({ chain, plugins: [fallback()] }, { maxResponseBytes: MiB });
          harness.servers[provider.name].enqueue(gzipBomb(8 * MiB));
          harness.servers[secondary.name].enqueue(secondary.text("from the fallback"));
          const output = await client.generateResponse(PROMPT);
          expect(output.content).to.equal("from the fallback");
          const [first] = output.attempts ?? [];
          expect(first.errorCode).to.equal("response_too_large");
          expect(first.decision).to.equal("fallback");
        },
      );

      harness.test("G10 a body longer than maxResponseBytes fails with ResponseTooLargeError", async () => {
        const client = await open({ chain: [provider.name] }, { maxResponseBytes: 64 * 1024 });
        harness.servers[provider.name].enqueue({
          kind: "text",
          contentType: "application/json",
          body: `{"padding":"${"y".repeat(200 * 1024)}"}`,
        });
        const error = await harness.failure(client.generateResponse(PROMPT));
        expect(error.name).to.equal("ResponseTooLargeError");
        expect(error.retryable).to.equal(false);
        expect(error.message).to.include("65536 bytes");
      });

      harness.test("one stream event longer than maxEventBytes ends the stream, typed, fast", async () => {
        const client = await open({ chain: [provider.name] }, { maxEventBytes: MiB });
        harness.servers[provider.name].enqueue(oversizedEvent(4 * MiB));
        const started = performance.now();
        const { error } = await harness.stream(client.streamResponse(PROMPT));
        expect(performance.now() - started).to.be.below(5_000);
        expect(isLLMProviderError(error, "response_too_large"), String(error)).to.equal(true);
      });

      if (provider.name !== "google") {
        const ending = provider.name === "openai" ? "[DONE]" : "message_stop";
        harness.test(
          `a stream that sent ${ending} but keeps the connection open finishes at once`,
          async () => {
            const client = await open({ chain: [provider.name], idleTimeoutMs: 10_000 });
            const reply = provider.streamText(["Alpha-", "Bravo."]);
            const events = provider.name === "openai" ? [...reply.events, { data: "[DONE]" }] : reply.events;
            harness.servers[provider.name].enqueue({ ...reply, events, hangAfterEvents: events.length });
            const started = performance.now();
            const { events: received, error } = await harness.stream(client.streamResponse(PROMPT));
            expect(error).to.equal(undefined);
            expect(streamedText(received)).to.equal("Alpha-Bravo.");
            expect(performance.now() - started).to.be.below(5_000);
          },
        );
        harness.test(
          "a connection cut inside a non-streaming body is a retryable ConnectionError that falls back",
          async () => {
            const client = await open({ chain, plugins: [fallback()] });
            const whole = JSON.stringify({ padding: "z".repeat(4096) });
            harness.servers[provider.name].enqueue({
              kind: "text",
              contentType: "application/json",
              body: whole,
              // Content-Length announces the whole body; the socket closes halfway.
              truncateAfterBytes: 2048,
            });
            harness.servers[secondary.name].enqueue(secondary.text("from the fallback"));
            const output = await client.generateResponse(PROMPT);
            expect(output.content).to.equal("from the fallback");
            expect(output.attempts?.[0].errorCode).to.equal("connection");
          },
        );
      }
    });
  }

  harness.test("G10 the default cap refuses a 100 MB gzip body (100 kB on the wire)", async () => {
    const client = await open({ chain: ["openai"] });
    harness.servers.openai.enqueue(gzipBomb(100 * MiB));
    const error = await harness.failure(client.generateResponse(PROMPT));
    expect(error.code).to.equal("response_too_large");
    expect(error.message).to.include(`${64 * MiB} bytes`);
  });

  harness.test("a 24 MB event line arriving in pieces is decoded in linear time", async () => {
    const client = await open({ chain: ["openai"] }, { maxEventBytes: 64 * MiB });
    const reply = harness.servers.openai;
    const text = "w".repeat(24 * MiB);
    const chunk = { id: "c1", object: "chat.completion.chunk", created: 1, model: "gpt-4o" };
    const events = [
      { data: { ...chunk, choices: [{ index: 0, delta: { role: "assistant", content: text } }] } },
      { data: { ...chunk, choices: [{ index: 0, delta: {}, finish_reason: "stop" }] } },
      { data: "[DONE]" },
    ];
    reply.enqueue({
      kind: "text",
      contentType: "text/event-stream",
      body: events.map(formatSseEvent).join(""),
    });
    const started = performance.now();
    const { events: received, error } = await harness.stream(client.streamResponse(PROMPT));
    expect(error).to.equal(undefined);
    expect(streamedText(received)).to.have.length(text.length);
    expect(performance.now() - started).to.be.below(5_000);
  });

  describe("provider-controlled tool-call ids and names in error messages", () => {
    const call = { id: HOSTILE_ID, name: HOSTILE_NAME };

    harness.test("openai: a call with broken arguments", async () => {
      const client = await open({ chain: ["openai"] });
      harness.servers.openai.enqueue(
        openAIJsonReply(openAIChatCompletion({ toolCalls: [{ ...call, arguments: "{not json" }] })),
      );
      const error = await harness.failure(client.generateResponse(PROMPT));
      expect(error.providerCode).to.equal("malformed_tool_arguments");
      expectTamed(error.message);
    });

    harness.test("openai: a stream cut by the token limit inside a call", async () => {
      const client = await open({ chain: ["openai"] });
      const events = openAIChunkEvents({
        toolCalls: [{ ...call, arguments: '{"city": "Lis' }],
        finishReason: "length",
      });
      harness.servers.openai.enqueue(openAISseReply(events, { withDone: true }));
      const { error } = await harness.stream(client.streamResponse(PROMPT));
      expect(error?.providerCode).to.equal("tool_call_truncated");
      expectTamed(String(error?.message));
    });

    harness.test("anthropic: a stream cut inside a tool_use block", async () => {
      const client = await open({ chain: ["anthropic"] });
      const reply = anthropicStreamReply({ toolUses: [{ ...call, input: { city: "Lisbon" } }] });
      const cut = reply.events.findIndex((event: { data: unknown }) =>
        JSON.stringify(event.data).includes("input_json_delta"),
      );
      harness.servers.anthropic.enqueue({ ...reply, cutAfterEvents: cut + 1 });
      const { error } = await harness.stream(client.streamResponse(PROMPT));
      expect(error?.providerCode).to.equal("tool_call_truncated");
      expectTamed(String(error?.message));
    });
  });
});
