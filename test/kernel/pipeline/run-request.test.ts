import { getEventListeners } from "node:events";
import { fileURLToPath } from "node:url";
import { expect } from "chai";
import {
  AbortError,
  HookError,
  isLLMError,
  ProviderUnavailableError,
  RateLimitError,
  TimeoutError,
} from "../../../src/index.js";
import { seen as inPlaceSeen } from "../fixtures/in-place-plugin.js";
import { events, failedRequests } from "../fixtures/recording-plugin.js";
import { scriptedRuntime, userMessage } from "../runtime-fixture.js";

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
const recording = (options: Record<string, unknown> = {}) => ({
  use: fixture("recording-plugin.ts"),
  options,
});

describe("the request pipeline", () => {
  beforeEach(() => {
    events.length = 0;
    failedRequests.length = 0;
  });

  it("runs beforeRequest, the provider and afterResponse in order", async () => {
    const { client, scripted } = await scriptedRuntime({
      providers: { alpha: [{ reply: { text: "hello" } }] },
      chain: ["alpha"],
      plugins: [recording()],
    });
    const sentAt = Date.now();
    const output = await client.generateResponse(userMessage("hi"));
    const tookMs = Date.now() - sentAt;
    expect(events).to.deep.equal(["beforeRequest alpha attempt 1", "afterResponse alpha"]);
    expect(scripted("alpha").requests).to.have.length(1);
    expect(output).to.include({
      content: "hello",
      provider: "alpha",
      model: "alpha-model",
      finishReason: "stop",
    });
    expect(output.attempts).to.deep.equal([
      {
        provider: "alpha",
        model: "alpha-model",
        targetIndex: 0,
        attempt: 1,
        outcome: "success",
        startedAt: output.attempts[0].startedAt,
        durationMs: output.attempts[0].durationMs,
      },
    ]);
    // Copied above, so checked here: both must come from this call's own clock readings.
    expect(output.attempts[0].startedAt, "startedAt").to.be.within(sentAt, sentAt + tookMs);
    expect(output.attempts[0].durationMs, "durationMs").to.be.within(0, tookMs);
  });

  it("sends the request a beforeRequest tap returns and returns the output an afterResponse tap returns", async () => {
    const { client, scripted } = await scriptedRuntime({
      providers: { alpha: [{ reply: { text: "original" } }] },
      chain: ["alpha"],
      plugins: [recording({ appendToPrompt: " (rewritten)", replaceContent: "replaced" })],
    });
    const output = await client.generateResponse(userMessage("hi"));
    expect(scripted("alpha").requests[0].request.messages).to.deep.equal([
      { role: "user", content: "hi (rewritten)" },
    ]);
    expect(output.content).to.equal("replaced");
  });

  it("leaves the caller's messages untouched when a tap rewrites the request", async () => {
    const { client } = await scriptedRuntime({
      providers: { alpha: [{ reply: { text: "ok" } }] },
      chain: ["alpha"],
      plugins: [recording({ appendToPrompt: "!" })],
    });
    const messages = userMessage("hi");
    await client.generateResponse(messages);
    expect(messages).to.deep.equal([{ role: "user", content: "hi" }]);
  });

  it("keeps a tap that edits in place out of the caller's messages, on every attempt", async () => {
    const { client, scripted } = await scriptedRuntime({
      providers: {
        alpha: [
          { error: { kind: "provider_unavailable", status: 503 }, times: 1 },
          { reply: { text: "ok" } },
        ],
      },
      chain: ["alpha"],
      plugins: [{ use: fixture("in-place-plugin.ts"), options: {} }, recording({ decisions: ["retry"] })],
    });
    const messages = userMessage("hi");
    await client.generateResponse(messages);
    expect(messages).to.deep.equal([{ role: "user", content: "hi" }]);
    const sent = scripted("alpha").requests.map((record) => record.request.messages);
    expect(sent).to.have.length(2);
    for (const list of sent) {
      expect(list).to.deep.equal([
        { role: "user", content: "hi (edited in place)" },
        { role: "user", content: "appended in place" },
      ]);
    }
  });

  it("copies the messages before the first tap that is not read-only, even after a read-only one", async () => {
    inPlaceSeen.length = 0;
    const { client } = await scriptedRuntime({
      providers: { alpha: [{ reply: { text: "ok" } }] },
      chain: ["alpha"],
      plugins: [{ use: fixture("in-place-plugin.ts"), options: { readOnlyFirst: true } }],
    });
    const messages = userMessage("hi");
    await client.generateResponse(messages);
    expect(messages).to.deep.equal([{ role: "user", content: "hi" }]);
    expect(inPlaceSeen.map((entry) => entry.tap)).to.deep.equal(["read-only", "editing"]);
    expect(inPlaceSeen[0].messages).to.equal(messages);
    expect(inPlaceSeen[1].messages).to.not.equal(messages);
    expect(inPlaceSeen[1].messages[0]).to.not.equal(messages[0]);
  });

  it("hands read-only taps and the provider the caller's messages without a copy", async () => {
    inPlaceSeen.length = 0;
    const { client, scripted } = await scriptedRuntime({
      providers: { alpha: [{ reply: { text: "ok" } }] },
      chain: ["alpha"],
      plugins: [{ use: fixture("in-place-plugin.ts"), options: { onlyReadOnly: true } }],
    });
    const messages = userMessage("hi");
    await client.generateResponse(messages);
    expect(inPlaceSeen.map((entry) => entry.tap)).to.deep.equal(["read-only"]);
    expect(inPlaceSeen[0].messages).to.equal(messages);
    expect(scripted("alpha").requests[0].request.messages).to.equal(messages);
  });

  it("hands onError taps the request the failed attempt sent, after every beforeRequest tap", async () => {
    const { client } = await scriptedRuntime({
      providers: {
        alpha: [{ error: { kind: "provider_unavailable", status: 503 } }],
        beta: [{ reply: { text: "from beta" } }],
      },
      chain: ["alpha", "beta"],
      plugins: [recording({ appendToPrompt: " (rewritten)", decisions: ["fallback"] })],
    });
    await client.generateResponse(userMessage("hi"));
    expect(failedRequests).to.have.length(1);
    expect(failedRequests[0]).to.deep.include({ provider: "alpha", model: "alpha-model" });
    expect(failedRequests[0].messages).to.deep.equal([{ role: "user", content: "hi (rewritten)" }]);
  });

  it("retries the same target when an onError tap decides retry", async () => {
    const { client, scripted } = await scriptedRuntime({
      providers: {
        alpha: [
          { error: { kind: "provider_unavailable", status: 503 }, times: 1 },
          { reply: { text: "second time" } },
        ],
      },
      chain: ["alpha"],
      plugins: [recording({ decisions: ["retry"], delayMs: 5 })],
    });
    const output = await client.generateResponse(userMessage("hi"));
    expect(output.content).to.equal("second time");
    expect(scripted("alpha").requests.map((record) => record.attempt)).to.deep.equal([1, 2]);
    expect(
      output.attempts.map(({ outcome, decision, delayMs, errorClass }) => ({
        outcome,
        decision,
        delayMs,
        errorClass,
      })),
    ).to.deep.equal([
      { outcome: "error", decision: "retry", delayMs: 5, errorClass: "ProviderUnavailableError" },
      { outcome: "success", decision: undefined, delayMs: undefined, errorClass: undefined },
    ]);
  });

  it("advances the chain when an onError tap decides fallback", async () => {
    const { client, scripted } = await scriptedRuntime({
      providers: {
        alpha: [{ error: { kind: "rate_limit", status: 429 } }],
        beta: [{ reply: { text: "from beta" } }],
      },
      chain: ["alpha", "beta"],
      plugins: [recording({ decisions: ["fallback"] })],
    });
    const output = await client.generateResponse(userMessage("hi"));
    expect(output).to.include({ content: "from beta", provider: "beta", model: "beta-model" });
    expect(scripted("alpha").requests).to.have.length(1);
    expect(output.attempts.map((record) => [record.provider, record.outcome, record.decision])).to.deep.equal(
      [
        ["alpha", "error", "fallback"],
        ["beta", "success", undefined],
      ],
    );
  });

  it("retries nothing without an onError tap and throws the typed error with its attempt record", async () => {
    // One target: a chain with fallbacks and no plugin that may fall back is refused at load.
    const { client, scripted } = await scriptedRuntime({
      providers: {
        alpha: [
          { error: { kind: "rate_limit", status: 429, retryAfterMs: 2000 } },
          { reply: { text: "never" } },
        ],
      },
      chain: ["alpha"],
    });
    const error = await client.generateResponse(userMessage("hi")).then(
      () => expect.fail("should have thrown"),
      (thrown: unknown) => thrown,
    );
    expect(error).to.be.instanceOf(RateLimitError);
    expect(error).to.include({ provider: "alpha", status: 429, retryAfterMs: 2000, retryable: true });
    expect((error as RateLimitError).attempts).to.have.length(1);
    expect((error as RateLimitError).attempts[0]).to.include({
      outcome: "error",
      decision: "fail",
      errorCode: "rate_limit",
    });
    expect(scripted("alpha").requests).to.have.length(1);
  });

  it("throws the most informative failure of a chain, with every attempt and error", async () => {
    const { client } = await scriptedRuntime({
      providers: {
        alpha: [{ error: { kind: "context_length", status: 400 } }],
        beta: [{ error: { kind: "provider_unavailable", status: 503 } }],
      },
      chain: ["alpha", "beta"],
      plugins: [recording({ decisions: ["fallback", "fail"] })],
    });
    const error = (await client
      .generateResponse(userMessage("hi"))
      .catch((thrown) => thrown)) as RateLimitError;
    expect(error.name).to.equal("ContextLengthError");
    expect(error.errors.map((each) => each.name)).to.deep.equal([
      "ContextLengthError",
      "ProviderUnavailableError",
    ]);
    expect(error.attempts.map((record) => record.provider)).to.deep.equal(["alpha", "beta"]);
    expect(error.message).to.match(
      /2 attempts: #1 alpha alpha-model: ContextLengthError -> fallback; #1 beta/,
    );
  });

  it("bounds the attempts of a request even when a tap retries forever", async () => {
    const { runtime, scripted } = await scriptedRuntime({
      providers: { alpha: [{ error: { kind: "provider_unavailable" } }] },
      chain: ["alpha"],
      plugins: [recording({ decisions: Array(50).fill("retry") })],
    });
    const error = await runtime
      .client()
      .generateResponse(userMessage("hi"))
      .catch((thrown) => thrown);
    expect(error).to.be.instanceOf(ProviderUnavailableError);
    expect(scripted("alpha").requests).to.have.length(16);
  });

  it("rejects at once, with no further attempt, when the caller aborts during a retry wait", async () => {
    const { client, scripted } = await scriptedRuntime({
      providers: { alpha: [{ error: { kind: "rate_limit" } }] },
      chain: ["alpha"],
      plugins: [recording({ decisions: ["retry"], delayMs: 30_000 })],
    });
    const controller = new AbortController();
    const started = Date.now();
    const pending = client.generateResponse(userMessage("hi"), undefined, undefined, {
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(new Error("user went away")), 20);
    const error = await pending.catch((thrown) => thrown);
    expect(Date.now() - started).to.be.lessThan(500);
    expect(error).to.be.instanceOf(AbortError);
    expect((error as AbortError).cause).to.have.property("message", "user went away");
    expect(scripted("alpha").requests).to.have.length(1);
  });

  it("rejects with AbortError and makes no attempt when the signal is already aborted", async () => {
    const { client, scripted } = await scriptedRuntime({
      providers: { alpha: [{ reply: { text: "x" } }] },
      chain: ["alpha"],
    });
    const error = await client
      .generateResponse(userMessage("hi"), undefined, undefined, { signal: AbortSignal.abort() })
      .catch((thrown) => thrown);
    expect(error).to.be.instanceOf(AbortError);
    expect(scripted("alpha").requests).to.have.length(0);
  });

  it("ends a slow request with TimeoutError at the request's deadline", async () => {
    const { client } = await scriptedRuntime({
      providers: { alpha: [{ reply: { text: "late" }, delayMs: 5_000 }] },
      chain: ["alpha"],
    });
    const started = Date.now();
    const error = await client
      .generateResponse(userMessage("hi"), undefined, undefined, { timeoutMs: 50 })
      .catch((e) => e);
    expect(error).to.be.instanceOf(TimeoutError);
    expect(error).to.include({ phase: "total" });
    expect(Date.now() - started).to.be.lessThan(1000);
  });

  it("fails instead of waiting when a retry delay would pass the deadline", async () => {
    const { client, scripted } = await scriptedRuntime({
      providers: { alpha: [{ error: { kind: "rate_limit" } }] },
      chain: ["alpha"],
      plugins: [recording({ decisions: ["retry"], delayMs: 10_000 })],
      timeoutMs: 1_000,
    });
    const started = Date.now();
    const error = await client.generateResponse(userMessage("hi")).catch((thrown) => thrown);
    expect(error).to.be.instanceOf(RateLimitError);
    expect(Date.now() - started).to.be.lessThan(500);
    expect(scripted("alpha").requests).to.have.length(1);
  });

  it("leaves no abort listener on a long-lived caller signal after many calls", async () => {
    const { client } = await scriptedRuntime({
      providers: { alpha: [{ reply: { text: "x" } }] },
      chain: ["alpha"],
    });
    const controller = new AbortController();
    for (let index = 0; index < 1000; index++) {
      await client.generateResponse(userMessage("hi"), undefined, undefined, { signal: controller.signal });
    }
    expect(getEventListeners(controller.signal, "abort")).to.have.length(0);
  });

  for (const [finishReason, providerCode] of [
    ["length", "tool_call_truncated"],
    ["tool_calls", "malformed_tool_arguments"],
  ] as const) {
    it(`refuses a tool call whose arguments are not a JSON object (finish ${finishReason}), never passing it on`, async () => {
      const reply = {
        toolCalls: [{ id: "call_1", name: "save", arguments: '{"note": "the user said' }],
        finishReason,
      };
      const { client } = await scriptedRuntime({ providers: { alpha: [{ reply }] }, chain: ["alpha"] });
      for (const request of [
        () => client.generateResponse(userMessage("hi")),
        async () => {
          for await (const _event of client.streamResponse(userMessage("hi"))) {
            // drain
          }
        },
      ]) {
        const error = await request().catch((thrown) => thrown);
        expect(error).to.include({ code: "provider_error", providerCode, retryable: false });
        expect(error.message).to.include('tool call "call_1" ("save")');
        expect(error.message).not.to.include("the user said");
      }
    });
  }

  describe("when a hook misbehaves", () => {
    const faulty = (hook: string, fault: string) => ({
      use: fixture("faulty-plugin.mjs"),
      options: { hook, fault },
    });

    for (const fault of ["reject-undefined", "reject-zero", "throw", "wrong-shape"]) {
      it(`does not send the request when a beforeRequest tap fails (${fault}), naming the plugin`, async () => {
        const { client, scripted } = await scriptedRuntime({
          providers: { alpha: [{ reply: { text: "x" } }] },
          chain: ["alpha"],
          plugins: [faulty("beforeRequest", fault)],
        });
        const error = await client.generateResponse(userMessage("hi")).catch((thrown) => thrown);
        expect(error).to.be.instanceOf(HookError);
        expect(error).to.include({ hook: "beforeRequest", plugin: "faulty", code: "hook" });
        expect(scripted("alpha").requests).to.have.length(0);
      });
    }

    it("rejects an afterResponse tap's output of the wrong shape with a HookError", async () => {
      const { client } = await scriptedRuntime({
        providers: { alpha: [{ reply: { text: "x" } }] },
        chain: ["alpha"],
        plugins: [faulty("afterResponse", "wrong-shape")],
      });
      const error = await client.generateResponse(userMessage("hi")).catch((thrown) => thrown);
      expect(error).to.be.instanceOf(HookError);
      expect(error.message).to.match(
        /afterResponse tap of plugin "faulty" failed: the tap returned something other than an LLMOutput/,
      );
    });

    it("keeps the provider error as the cause when an onError tap throws", async () => {
      const { client, scripted } = await scriptedRuntime({
        providers: { alpha: [{ error: { kind: "provider_unavailable", status: 503 } }] },
        chain: ["alpha"],
        plugins: [faulty("onError", "throw")],
      });
      const error = await client.generateResponse(userMessage("hi")).catch((thrown) => thrown);
      expect(error).to.be.instanceOf(HookError);
      expect(error.message).to.include("boom from faulty");
      expect(error.cause).to.be.instanceOf(ProviderUnavailableError);
      expect(scripted("alpha").requests).to.have.length(1);
    });
  });

  it("refuses a malformed call before any hook or provider runs", async () => {
    const { client, scripted } = await scriptedRuntime({
      providers: { alpha: [{ reply: { text: "x" } }] },
      chain: ["alpha"],
    });
    for (const bad of [[], [{ role: "robot", content: "x" }], [{ role: "tool", content: "x" }]]) {
      // biome-ignore lint/suspicious/noExplicitAny: deliberately malformed input
      const error = await client.generateResponse(bad as any).catch((thrown) => thrown);
      expect(isLLMError(error, "invalid_request"), String(error)).to.equal(true);
    }
    expect(scripted("alpha").requests).to.have.length(0);
  });
});
