import { getEventListeners } from "node:events";
import { expect } from "chai";
import {
  acceptsSamplingParams,
  createAnthropicProviderClient,
} from "../../../plugins/anthropic/anthropic-client.js";
import type { AnthropicInstanceConfig } from "../../../plugins/anthropic/anthropic-instance-config.js";
import {
  type AttemptRecord,
  isLLMError,
  type LLMProviderError,
  type LLMRequest,
  type ProviderClient,
} from "../../../src/index.js";
import type { FakeServer } from "../../../src/testing/fake-server.js";
import { ANTHROPIC_ERRORS } from "../../../src/testing/protocols/anthropic-error-replies.js";
import {
  anthropicJsonReply,
  anthropicMessage,
  startAnthropicFakeServer,
} from "../../../src/testing/protocols/anthropic-protocol.js";
import { fakeRequestContext } from "../../support/fake-request-context.js";

const KEY = "sk-ant-test-0123456789";
const MODEL = "claude-sonnet-4-6";

function request(overrides: Partial<LLMRequest> = {}): LLMRequest {
  return {
    provider: "claude",
    model: MODEL,
    messages: [{ role: "user", content: "Hello?" }],
    params: {},
    ...overrides,
  };
}

function context(signal?: AbortSignal) {
  return fakeRequestContext({ provider: "claude", model: MODEL, signal });
}

async function failure(call: Promise<unknown>): Promise<LLMProviderError> {
  const error = await call.then(
    () => undefined,
    (rejection: unknown) => rejection,
  );
  expect(isLLMError(error), `expected an llm-runtime error, got ${String(error)}`).to.equal(true);
  return error as LLMProviderError;
}

const activeTimers = () => process.getActiveResourcesInfo().filter((kind) => kind === "Timeout").length;

async function waitUntil(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe("the Anthropic provider client", () => {
  let server: FakeServer;
  const build = (instance: Partial<AnthropicInstanceConfig> = {}, importCount?: { count: number }) =>
    createAnthropicProviderClient(
      { name: "claude", type: "anthropic", apiKey: KEY, baseURL: server.url, ...instance },
      importCount
        ? {
            importSdk: () => {
              importCount.count++;
              return import("@anthropic-ai/sdk");
            },
          }
        : {},
    );

  beforeEach(async () => {
    server = await startAnthropicFakeServer();
  });

  afterEach(async () => {
    await server.close();
  });

  it("posts the converted request to /v1/messages with the key as Bearer and the SDK's API version", async () => {
    server.enqueue(
      anthropicJsonReply(anthropicMessage({ text: "Hi!", usage: { inputTokens: 8, outputTokens: 2 } })),
    );
    const client = await build({ headers: { "x-gateway": "g1" } });
    const output = await client.generate(
      request({
        messages: [
          { role: "system", content: "Be brief." },
          { role: "user", content: "Hello?" },
        ],
      }),
      context(),
    );
    expect(output.content).to.equal("Hi!");
    expect(output.usage).to.deep.equal({
      promptTokens: 8,
      completionTokens: 2,
      totalTokens: 10,
      cachedTokens: 0,
      cacheWriteTokens: 0,
    });
    const [sent] = server.requests;
    expect(sent.path).to.equal("/v1/messages");
    expect(sent.headers.authorization).to.equal(`Bearer ${KEY}`);
    expect(sent.headers["anthropic-version"]).to.equal("2026-10-21");
    expect(sent.headers["x-gateway"]).to.equal("g1");
    expect(sent.body).to.deep.equal({
      model: MODEL,
      max_tokens: 4096,
      messages: [{ role: "user", content: [{ type: "text", text: "Hello?" }] }],
      system: [{ type: "text", text: "Be brief." }],
    });
  });

  it("builds one SDK client per instance and reuses it for every call", async () => {
    server.setDefaultReply(anthropicJsonReply(anthropicMessage({ text: "ok" })));
    const imports = { count: 0 };
    const client = await build({}, imports);
    await client.generate(request(), context());
    await client.generate(request(), context());
    expect(imports.count).to.equal(1);
    expect(server.requests).to.have.length(2);
  });

  it("sends the instance's maxTokens when the params set none", async () => {
    server.enqueue(anthropicJsonReply(anthropicMessage({ text: "ok" })));
    const client = await build({ maxTokens: 512 });
    await client.generate(request(), context());
    expect((server.requests[0].body as { max_tokens: number }).max_tokens).to.equal(512);
  });

  it("makes exactly one attempt on 529 overloaded (the SDK's retries are off)", async () => {
    server.enqueue(ANTHROPIC_ERRORS.overloaded(), anthropicJsonReply(anthropicMessage({ text: "late" })));
    const client = await build();
    const error = await failure(client.generate(request(), context()));
    expect(error.name).to.equal("ProviderUnavailableError");
    expect(error.providerCode).to.equal("overloaded_error");
    expect(error.requestId).to.equal("req_overloaded");
    expect(server.requests).to.have.length(1);
  });

  it("refuses a max_tokens that needs streaming with a typed error, sending nothing (no hang)", async () => {
    const client = await build();
    const error = await failure(client.generate(request({ params: { max_tokens: 100_000 } }), context()));
    expect(error.name).to.equal("InvalidRequestError");
    expect(error.message).to.include("max_tokens");
    expect(server.requests).to.have.length(0);
  });

  it("sends a large max_tokens when the instance sets timeoutMs, which bounds the call", async () => {
    server.enqueue(anthropicJsonReply(anthropicMessage({ text: "long" })));
    const client = await build({ timeoutMs: 5000 });
    await client.generate(request({ params: { max_tokens: 100_000 } }), context());
    expect((server.requests[0].body as { max_tokens: number }).max_tokens).to.equal(100_000);
  });

  it("maps a server that never answers to TimeoutError at timeoutMs", async () => {
    server.enqueue({ kind: "hang" });
    const client = await build({ timeoutMs: 200 });
    const started = Date.now();
    const error = await failure(client.generate(request(), context()));
    expect(error.name).to.equal("TimeoutError");
    expect(Date.now() - started).to.be.below(3000);
  });

  it("bounds a body that stalls after the head by timeoutMs: a TimeoutError of phase attempt, the request closed", async () => {
    const reply = anthropicJsonReply(anthropicMessage({ text: "a body long enough to stall in" }));
    server.enqueue({ ...reply, stall: { afterBytes: 20, stallMs: Number.POSITIVE_INFINITY } });
    const client = await build({ timeoutMs: 200 });
    const started = Date.now();
    const error = await failure(client.generate(request(), context()));
    expect(error).to.include({ name: "TimeoutError", phase: "attempt", retryable: true });
    expect(error.message).to.include("200 ms");
    expect(Date.now() - started).to.be.within(150, 1500);
    await waitUntil(() => server.requests[0].clientDisconnected);
  });

  it("leaves no listener on the request's signal and no timer once calls with timeoutMs end", async () => {
    const client = await build({ timeoutMs: 60_000 });
    const signal = new AbortController().signal;
    // A first call opens the keep-alive connection, whose idle timers are the HTTP stack's own.
    server.enqueue(anthropicJsonReply(anthropicMessage({ text: "warm-up" })));
    await client.generate(request(), context(signal));
    const before = activeTimers();
    server.enqueue(
      anthropicJsonReply(anthropicMessage({ text: "ok" })),
      anthropicJsonReply(anthropicMessage({ text: "ok" })),
      { kind: "json", status: 500, body: { type: "error", error: { type: "api_error", message: "boom" } } },
    );
    await client.generate(request(), context(signal));
    await client.generate(request(), context(signal));
    await failure(client.generate(request(), context(signal)));
    expect(getEventListeners(signal, "abort")).to.have.length(0);
    expect(activeTimers()).to.equal(before);
  });

  it("rejects a call whose signal already aborted without sending anything", async () => {
    const client = await build();
    const reason = new Error("stopped before start");
    const error = await failure(client.generate(request(), context(AbortSignal.abort(reason))));
    expect(error.name).to.equal("AbortError");
    expect(error.cause).to.equal(reason);
    expect(server.requests).to.have.length(0);
  });

  it("aborts the request in flight when the signal aborts, keeping the reason as cause", async () => {
    server.enqueue({ kind: "hang" });
    const client = await build();
    const controller = new AbortController();
    const call = client.generate(request(), context(controller.signal));
    await server.waitForRequests(1);
    const reason = new Error("user pressed stop");
    controller.abort(reason);
    const error = await failure(call);
    expect(error.name).to.equal("AbortError");
    expect(error.cause).to.equal(reason);
  });

  it("maps a malformed 200 body to a provider error that does not echo the body", async () => {
    server.enqueue({ kind: "text", body: '{"content": [secret-ish', contentType: "application/json" });
    const client = await build();
    const error = await failure(client.generate(request(), context()));
    expect(error).to.be.instanceOf(Error);
    expect(error.message).to.not.include("secret-ish");
  });

  for (const [fault, reply] of [
    ["an HTML page", { kind: "text", contentType: "text/html", body: "<html>PROXY-7f3a</html>" }],
    ["a text/plain body", { kind: "text", contentType: "text/plain", body: "PROXY-7f3a all good" }],
    ["a JSON body that is not a message", { kind: "json", body: { status: "PROXY-7f3a" } }],
  ] as const) {
    it(`maps HTTP 200 with ${fault} to a provider_error that does not echo the body, never an empty success`, async () => {
      server.enqueue(reply);
      const client = await build();
      const error = await failure(client.generate(request(), context()));
      expect(error).to.include({ code: "provider_error", retryable: false });
      expect(error.message).to.include("without a Messages API message").and.not.include("PROXY-7f3a");
    });
  }

  it('refuses a tool_use in a reply stopped by "max_tokens" as tool_call_truncated, handing no call over', async () => {
    server.enqueue(
      anthropicJsonReply(
        anthropicMessage({
          toolUses: [{ id: "toolu_1", name: "get_weather", input: {} }],
          stopReason: "max_tokens",
        }),
      ),
    );
    const client = await build();
    const error = await failure(client.generate(request(), context()));
    expect(error).to.include({ code: "provider_error", providerCode: "tool_call_truncated" });
  });

  it("leaves out params Anthropic refuses, warning once per client, target and param", async () => {
    server.enqueue(
      anthropicJsonReply(anthropicMessage({ text: "ok" })),
      anthropicJsonReply(anthropicMessage({ text: "ok" })),
    );
    const client: ProviderClient = await build();
    const calls = [context(), context()];
    for (const call of calls) {
      (call.attempts as AttemptRecord[]).push({
        provider: "claude",
        model: MODEL,
        targetIndex: 0,
        attempt: 1,
        outcome: "success",
        durationMs: 0,
        startedAt: 0,
      });
      await client.generate(request({ params: { temperature: 0.7, seed: 3 } }), call);
      expect(call.attempts[0].droppedParams).to.deep.equal(["temperature", "seed"]);
    }
    expect(server.requests[0].body).to.not.have.any.keys("temperature", "seed");
    const warnings = calls.flatMap((call) => call.lines).filter((line) => line.includes('"level":40'));
    expect(warnings.map((line) => JSON.parse(line).param)).to.deep.equal(["temperature", "seed"]);
    expect(client.unsupportedParams?.({ temperature: 0.7, seed: 3, max_tokens: 5 }, MODEL)).to.deep.equal([
      "temperature",
      "seed",
    ]);
  });
});

describe("acceptsSamplingParams", () => {
  it("is false by default: the SDK sends API version 2026-10-21, which refuses sampling params", () => {
    expect(acceptsSamplingParams(undefined)).to.equal(false);
    expect(acceptsSamplingParams({ "anthropic-beta": "x" })).to.equal(false);
    expect(acceptsSamplingParams({ "anthropic-version": "2026-10-21" })).to.equal(false);
  });

  it("is true when the instance pins an older anthropic-version, whatever the header's case", () => {
    expect(acceptsSamplingParams({ "Anthropic-Version": "2023-06-01" })).to.equal(true);
  });
});
