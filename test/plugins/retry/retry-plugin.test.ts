import { fileURLToPath } from "node:url";
import { expect } from "chai";
import { scriptedRuntime, userMessage } from "../../kernel/runtime-fixture.js";
import { expectError, rejection } from "../../resilience/expect-failure.js";

/** Fast, exact delays: 10 ms, then 20 ms, ... with no jitter. */
const fastRetry = (options: Record<string, unknown> = {}) => ({
  use: "retry",
  options: { initialDelayMs: 10, jitter: 0, ...options },
});

const decisions = (attempts: Array<{ decision?: string; delayMs?: number }>) =>
  attempts.map(({ decision, delayMs }) => ({ decision, delayMs }));

describe("the retry plugin", () => {
  it("retries a 429 with retryAfterMs 2000 once, and not before 2 s (A9)", async () => {
    const { client, scripted } = await scriptedRuntime({
      providers: {
        alpha: [
          { error: { kind: "rate_limit", status: 429, retryAfterMs: 2000 }, times: 1 },
          { reply: { text: "ok" } },
        ],
      },
      chain: ["alpha"],
      plugins: ["retry"],
    });
    const startedAt = performance.now();
    const output = await client.generateResponse(userMessage("hi"));
    const elapsedMs = performance.now() - startedAt;
    expect(output.content).to.equal("ok");
    expect(scripted("alpha").requests).to.have.length(2);
    expect(decisions(output.attempts)).to.deep.equal([
      { decision: "retry", delayMs: 2000 },
      { decision: undefined, delayMs: undefined },
    ]);
    expect(elapsedMs).to.be.at.least(2000);
  });

  it("never retries a 400 (A1)", async () => {
    const { client, scripted } = await scriptedRuntime({
      providers: {
        alpha: [{ error: { kind: "invalid_request", status: 400 }, times: 1 }, { reply: { text: "ok" } }],
      },
      chain: ["alpha"],
      plugins: [fastRetry({ maxRetries: 5 })],
    });
    const error = await rejection(client.generateResponse(userMessage("hi")));
    expectError(error, "InvalidRequestError");
    expect(scripted("alpha").requests).to.have.length(1);
    expect(error.attempts.map((record) => record.decision)).to.deep.equal(["fail"]);
  });

  it("succeeds after two 503s with maxRetries 2, backing off 10 then 20 ms", async () => {
    const { client, scripted } = await scriptedRuntime({
      providers: {
        alpha: [
          { error: { kind: "provider_unavailable", status: 503 }, times: 2 },
          { reply: { text: "third time" } },
        ],
      },
      chain: ["alpha"],
      plugins: [fastRetry({ maxRetries: 2 })],
    });
    const output = await client.generateResponse(userMessage("hi"));
    expect(output.content).to.equal("third time");
    expect(scripted("alpha").requests).to.have.length(3);
    expect(decisions(output.attempts)).to.deep.equal([
      { decision: "retry", delayMs: 10 },
      { decision: "retry", delayMs: 20 },
      { decision: undefined, delayMs: undefined },
    ]);
  });

  it("fails with ProviderUnavailableError after 1 + maxRetries attempts of a persistent 503 (A11)", async () => {
    const { client, scripted } = await scriptedRuntime({
      providers: { alpha: [{ error: { kind: "provider_unavailable", status: 503 } }] },
      chain: ["alpha"],
      plugins: [fastRetry({ maxRetries: 3 })],
    });
    const error = await rejection(client.generateResponse(userMessage("hi")));
    expectError(error, "ProviderUnavailableError");
    expect(scripted("alpha").requests).to.have.length(4);
    expect(error.attempts.map((record) => record.decision)).to.deep.equal([
      "retry",
      "retry",
      "retry",
      "fail",
    ]);
  });

  it("draws its jitter from the injected random source", async () => {
    const plugin = fileURLToPath(new URL("./fixtures/low-draw-retry-plugin.ts", import.meta.url));
    const { client } = await scriptedRuntime({
      providers: { alpha: [{ error: { kind: "timeout" }, times: 1 }, { reply: { text: "ok" } }] },
      chain: ["alpha"],
      plugins: [{ use: plugin, options: { initialDelayMs: 40, jitter: 0.5 } }],
    });
    const output = await client.generateResponse(userMessage("hi"));
    expect(output.attempts[0]).to.include({ decision: "retry", delayMs: 20 });
  });

  it("does not retry at all when the retry plugin is not loaded", async () => {
    const { client, scripted } = await scriptedRuntime({
      providers: {
        alpha: [
          { error: { kind: "provider_unavailable", status: 503 }, times: 1 },
          { reply: { text: "ok" } },
        ],
      },
      chain: ["alpha"],
    });
    expectError(await rejection(client.generateResponse(userMessage("hi"))), "ProviderUnavailableError");
    expect(scripted("alpha").requests).to.have.length(1);
  });

  it("stops each error kind at its own configured count (B9)", async () => {
    const { client, scripted } = await scriptedRuntime({
      providers: {
        alpha: [
          { match: { contains: "limited" }, error: { kind: "rate_limit", status: 429 } },
          { match: { contains: "slow" }, error: { kind: "timeout" } },
        ],
      },
      chain: ["alpha"],
      plugins: [fastRetry({ initialDelayMs: 1, retries: { rate_limit: 3, timeout: 0 } })],
    });
    expectError(await rejection(client.generateResponse(userMessage("limited"))), "RateLimitError");
    expect(scripted("alpha").requests).to.have.length(4);
    expectError(await rejection(client.generateResponse(userMessage("slow"))), "TimeoutError");
    expect(scripted("alpha").requests).to.have.length(5);
  });

  it("rejects at once with no further attempt when aborted during a backoff wait (C7)", async () => {
    const { client, scripted } = await scriptedRuntime({
      providers: {
        alpha: [
          { error: { kind: "provider_unavailable", status: 503 }, times: 1 },
          { reply: { text: "ok" } },
        ],
      },
      chain: ["alpha"],
      plugins: [{ use: "retry", options: { initialDelayMs: 5000, jitter: 0 } }],
    });
    const controller = new AbortController();
    const pending = client.generateResponse(userMessage("hi"), undefined, undefined, {
      signal: controller.signal,
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const abortedAt = performance.now();
    controller.abort(new Error("user pressed stop"));
    const error = await rejection(pending);
    expect(performance.now() - abortedAt).to.be.below(20);
    expectError(error, "AbortError");
    expect(scripted("alpha").requests).to.have.length(1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(scripted("alpha").requests).to.have.length(1);
  });

  it("fails at once instead of waiting when the backoff would outlast the deadline", async () => {
    const { client, scripted } = await scriptedRuntime({
      providers: {
        alpha: [
          { error: { kind: "provider_unavailable", status: 503 }, times: 1 },
          { reply: { text: "ok" } },
        ],
      },
      chain: ["alpha"],
      plugins: [{ use: "retry", options: { initialDelayMs: 2000, jitter: 0 } }],
      timeoutMs: 1000,
    });
    const startedAt = performance.now();
    const error = await rejection(client.generateResponse(userMessage("hi")));
    expect(performance.now() - startedAt).to.be.below(500);
    expectError(error, "ProviderUnavailableError");
    expect(scripted("alpha").requests).to.have.length(1);
  });

  it("fails at once when the provider asks for a wait above maxRetryAfterMs (B3)", async () => {
    const { client, scripted } = await scriptedRuntime({
      providers: { alpha: [{ error: { kind: "rate_limit", status: 429, retryAfterMs: 86_400_000 } }] },
      chain: ["alpha"],
      plugins: [fastRetry({ maxRetries: 3 })],
    });
    const startedAt = performance.now();
    const error = await rejection(client.generateResponse(userMessage("hi")));
    expect(performance.now() - startedAt).to.be.below(500);
    expectError(error, "RateLimitError");
    expect(error.retryAfterMs).to.equal(86_400_000);
    expect(scripted("alpha").requests).to.have.length(1);
  });

  const invalidOptions: Array<[string, Record<string, unknown>, string]> = [
    ["a negative maxRetries", { maxRetries: -1 }, "/options/maxRetries"],
    ["a huge maxRetries", { maxRetries: 1e9 }, "/options/maxRetries"],
    ["maxRetries as a string", { maxRetries: "3" }, "/options/maxRetries"],
    ["a delay above ten minutes", { maxDelayMs: 600_001 }, "/options/maxDelayMs"],
    ["jitter above 1", { jitter: 2 }, "/options/jitter"],
    ["a per-kind count for an unknown kind", { retries: { rate_limt: 3 } }, "/options/retries/rate_limt"],
    ["a per-kind count for aborts", { retries: { aborted: 3 } }, "/options/retries/aborted"],
    ["an unknown option", { maxRetry: 3 }, "/options/maxRetry"],
  ];
  for (const [name, options, pointer] of invalidOptions) {
    it(`refuses ${name} at load time, naming the option`, async () => {
      const error = await rejection(
        scriptedRuntime({ providers: { alpha: [] }, chain: ["alpha"], plugins: [{ use: "retry", options }] }),
      );
      expectError(error, "PluginError");
      expect(error.message).to.include(pointer);
    });
  }
});
