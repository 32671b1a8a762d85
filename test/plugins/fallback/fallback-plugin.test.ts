import { expect } from "chai";
import type { AttemptRecord } from "../../../src/index.js";
import { scriptedRuntime, userMessage } from "../../kernel/runtime-fixture.js";
import { expectError, rejection } from "../../resilience/expect-failure.js";

const trace = (attempts: AttemptRecord[]) =>
  attempts.map(({ provider, targetIndex, attempt, outcome, errorCode, decision }) => ({
    provider,
    targetIndex,
    attempt,
    outcome,
    errorCode,
    decision,
  }));

describe("the fallback plugin", () => {
  it("moves down a chain of three until the third target answers, listing every attempt (E1)", async () => {
    const { client, scripted } = await scriptedRuntime({
      providers: {
        alpha: [{ error: { kind: "provider_unavailable", status: 503 } }],
        beta: [{ error: { kind: "rate_limit", status: 429 } }],
        gamma: [{ reply: { text: "from gamma" } }],
      },
      chain: ["alpha", "beta", "gamma"],
      plugins: ["fallback"],
    });
    const output = await client.generateResponse(userMessage("hi"));
    expect(output).to.include({ content: "from gamma", provider: "gamma", model: "gamma-model" });
    expect(trace(output.attempts)).to.deep.equal([
      {
        provider: "alpha",
        targetIndex: 0,
        attempt: 1,
        outcome: "error",
        errorCode: "provider_unavailable",
        decision: "fallback",
      },
      {
        provider: "beta",
        targetIndex: 1,
        attempt: 1,
        outcome: "error",
        errorCode: "rate_limit",
        decision: "fallback",
      },
      {
        provider: "gamma",
        targetIndex: 2,
        attempt: 1,
        outcome: "success",
        errorCode: undefined,
        decision: undefined,
      },
    ]);
    expect(["alpha", "beta", "gamma"].map((name) => scripted(name).requests.length)).to.deep.equal([1, 1, 1]);
  });

  it("logs one warn line per fallback with provider, model and error kind, without the provider's message", async () => {
    const { client, logLines } = await scriptedRuntime({
      providers: {
        alpha: [{ error: { kind: "timeout", message: "upstream said something private" } }],
        beta: [{ reply: { text: "ok" } }],
      },
      chain: ["alpha", "beta"],
      plugins: ["fallback"],
    });
    await client.generateResponse(userMessage("hi"));
    const warnings = logLines.map((line) => JSON.parse(line)).filter((entry) => entry.level === 40);
    expect(warnings).to.have.length(1);
    expect(warnings[0]).to.include({
      plugin: "fallback",
      provider: "alpha",
      model: "alpha-model",
      errorCode: "timeout",
      nextProvider: "beta",
      nextModel: "beta-model",
    });
    expect(logLines.join("\n")).not.to.include("something private");
  });

  it("falls back on a context-length error (E3)", async () => {
    const { client } = await scriptedRuntime({
      providers: {
        alpha: [{ error: { kind: "context_length", status: 400 } }],
        beta: [{ reply: { text: "bigger" } }],
      },
      chain: ["alpha", "beta"],
      plugins: ["fallback"],
    });
    expect((await client.generateResponse(userMessage("hi"))).provider).to.equal("beta");
  });

  it("does not fall back on an authentication error by default (A2, E5)", async () => {
    const { client, scripted } = await scriptedRuntime({
      providers: {
        alpha: [{ error: { kind: "authentication", status: 401 } }],
        beta: [{ reply: { text: "ok" } }],
      },
      chain: ["alpha", "beta"],
      plugins: ["fallback"],
    });
    expectError(await rejection(client.generateResponse(userMessage("hi"))), "AuthenticationError");
    expect(scripted("beta").requests).to.have.length(0);
  });

  it("falls back on an authentication error when fallbackOn lists it", async () => {
    const { client } = await scriptedRuntime({
      providers: {
        alpha: [{ error: { kind: "authentication", status: 401 } }],
        beta: [{ reply: { text: "ok" } }],
      },
      chain: ["alpha", "beta"],
      plugins: [{ use: "fallback", options: { fallbackOn: ["authentication"] } }],
    });
    const output = await client.generateResponse(userMessage("hi"));
    expect(output.provider).to.equal("beta");
    expect(output.attempts.map((record) => record.errorCode)).to.deep.equal(["authentication", undefined]);
  });

  it("does not fall back on a missing model by default (A4)", async () => {
    const { client, scripted } = await scriptedRuntime({
      providers: {
        alpha: [{ error: { kind: "model_not_found", status: 404 } }],
        beta: [{ reply: { text: "ok" } }],
      },
      chain: ["alpha", "beta"],
      plugins: ["fallback"],
    });
    expectError(await rejection(client.generateResponse(userMessage("hi"))), "ModelNotFoundError");
    expect(scripted("beta").requests).to.have.length(0);
  });

  it("fails with the most informative error, every attempt and every error once the chain is exhausted (E2)", async () => {
    const { client } = await scriptedRuntime({
      providers: {
        alpha: [{ error: { kind: "provider_unavailable", status: 503 } }],
        beta: [{ error: { kind: "context_length", status: 400 } }],
        gamma: [{ error: { kind: "timeout" } }],
      },
      chain: ["alpha", "beta", "gamma"],
      plugins: ["fallback"],
    });
    const error = await rejection(client.generateResponse(userMessage("hi")));
    expectError(error, "ContextLengthError");
    expect(error.errors.map((each) => each.code)).to.deep.equal([
      "provider_unavailable",
      "context_length",
      "timeout",
    ]);
    expect(error.attempts.map((record) => `${record.provider}:${record.decision}`)).to.deep.equal([
      "alpha:fallback",
      "beta:fallback",
      "gamma:fail",
    ]);
    expect(error.message).to.include("3 attempts");
  });

  it("is required: a chain whose plugins cannot advance it is refused at load, naming the fix", async () => {
    const error = await rejection(
      scriptedRuntime({
        providers: {
          alpha: [{ error: { kind: "provider_unavailable", status: 503 } }],
          beta: [{ reply: { text: "ok" } }],
        },
        chain: ["alpha", "beta"],
      }),
    );
    expect(error).to.include({ name: "ConfigError", code: "config" });
    expect((error as Error).message).to.include("no fallback plugin is loaded");
  });

  const invalidOptions: Array<[string, Record<string, unknown>, string]> = [
    ["an unknown error kind", { fallbackOn: ["auth"] }, "/options/fallbackOn/0"],
    ["aborts", { fallbackOn: ["aborted"] }, "/options/fallbackOn/0"],
    ["a kind listed twice", { fallbackOn: ["timeout", "timeout"] }, "/options/fallbackOn"],
    ["a string instead of a list", { fallbackOn: "timeout" }, "/options/fallbackOn"],
    ["an unknown option", { fallbackOnn: ["timeout"] }, "/options/fallbackOnn"],
  ];
  for (const [name, options, pointer] of invalidOptions) {
    it(`refuses ${name} in its options at load time, naming the option`, async () => {
      const error = await rejection(
        scriptedRuntime({
          providers: { alpha: [] },
          chain: ["alpha"],
          plugins: [{ use: "fallback", options }],
        }),
      );
      expectError(error, "PluginError");
      expect(error.message).to.include(pointer);
    });
  }
});
