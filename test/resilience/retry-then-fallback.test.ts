import { expect } from "chai";
import type { AttemptRecord } from "../../src/index.js";
import { scriptedRuntime, userMessage } from "../kernel/runtime-fixture.js";
import { expectError, rejection } from "./expect-failure.js";

const trace = (attempts: AttemptRecord[]) =>
  attempts.map(({ provider, attempt, errorCode, decision, delayMs }) => ({
    provider,
    attempt,
    errorCode,
    decision,
    delayMs,
  }));

const fastRetry = (options: Record<string, unknown> = {}) => ({
  use: "retry",
  options: { initialDelayMs: 10, jitter: 0, ...options },
});

describe("retry and fallback together", () => {
  it("retries a target up to its budget, then falls back to the next one (E1)", async () => {
    const { client } = await scriptedRuntime({
      providers: {
        alpha: [{ error: { kind: "provider_unavailable", status: 503 } }],
        beta: [{ error: { kind: "rate_limit", status: 429 }, times: 1 }, { reply: { text: "beta answers" } }],
      },
      chain: ["alpha", "beta"],
      plugins: ["fallback", fastRetry()],
    });
    const output = await client.generateResponse(userMessage("hi"));
    expect(output).to.include({ content: "beta answers", provider: "beta" });
    expect(trace(output.attempts)).to.deep.equal([
      { provider: "alpha", attempt: 1, errorCode: "provider_unavailable", decision: "retry", delayMs: 10 },
      {
        provider: "alpha",
        attempt: 2,
        errorCode: "provider_unavailable",
        decision: "fallback",
        delayMs: undefined,
      },
      { provider: "beta", attempt: 1, errorCode: "rate_limit", decision: "retry", delayMs: 10 },
      { provider: "beta", attempt: 2, errorCode: undefined, decision: undefined, delayMs: undefined },
    ]);
  });

  it("falls back at once, without a retry, when the provider asks for a wait above the cap (B3)", async () => {
    const { client, scripted } = await scriptedRuntime({
      providers: {
        alpha: [{ error: { kind: "rate_limit", status: 429, retryAfterMs: 120_000 } }],
        beta: [{ reply: { text: "ok" } }],
      },
      chain: ["alpha", "beta"],
      plugins: [fastRetry({ maxRetries: 3 }), "fallback"],
    });
    const startedAt = performance.now();
    const output = await client.generateResponse(userMessage("hi"));
    expect(performance.now() - startedAt).to.be.below(500);
    expect(scripted("alpha").requests).to.have.length(1);
    expect(trace(output.attempts).map((record) => record.decision)).to.deep.equal(["fallback", undefined]);
  });

  it("falls back at once on a non-retryable context-length error, never retrying the same model", async () => {
    const { client, scripted } = await scriptedRuntime({
      providers: {
        alpha: [{ error: { kind: "context_length", status: 400 } }],
        beta: [{ reply: { text: "ok" } }],
      },
      chain: ["alpha", "beta"],
      plugins: [fastRetry({ maxRetries: 5 }), "fallback"],
    });
    expect((await client.generateResponse(userMessage("hi"))).provider).to.equal("beta");
    expect(scripted("alpha").requests).to.have.length(1);
  });

  it("keeps the whole chain within one deadline", async () => {
    const slowFailure = [{ error: { kind: "provider_unavailable" as const, status: 503 }, delayMs: 150 }];
    const { client, scripted } = await scriptedRuntime({
      providers: { alpha: slowFailure, beta: slowFailure, gamma: slowFailure },
      chain: ["alpha", "beta", "gamma"],
      plugins: [fastRetry(), "fallback"],
      timeoutMs: 400,
    });
    const startedAt = performance.now();
    const error = await rejection(client.generateResponse(userMessage("hi")));
    const elapsedMs = performance.now() - startedAt;
    expectError(error, "TimeoutError");
    expect((error as { phase?: string }).phase).to.equal("total");
    expect(elapsedMs).to.be.within(390, 480);
    const calls = ["alpha", "beta", "gamma"].map((name) => scripted(name).requests.length);
    // 150 ms a call plus 10 ms of backoff: three calls fit in 400 ms, the six of the full plan do not.
    expect(calls.reduce((sum, count) => sum + count, 0)).to.equal(3);
  });

  it("rejects at once when aborted during a backoff wait in the middle of a chain, calling nothing more (C7)", async () => {
    const { client, scripted } = await scriptedRuntime({
      providers: {
        alpha: [{ error: { kind: "provider_unavailable", status: 503 } }],
        beta: [{ reply: { text: "ok" } }],
      },
      chain: ["alpha", "beta"],
      plugins: [{ use: "retry", options: { initialDelayMs: 5000, jitter: 0 } }, "fallback"],
    });
    const controller = new AbortController();
    const pending = client.generateResponse(userMessage("hi"), undefined, undefined, {
      signal: controller.signal,
    });
    await new Promise((resolve) => setTimeout(resolve, 30));
    const abortedAt = performance.now();
    controller.abort();
    const error = await rejection(pending);
    expect(performance.now() - abortedAt).to.be.below(20);
    expectError(error, "AbortError");
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect([scripted("alpha").requests.length, scripted("beta").requests.length]).to.deep.equal([1, 0]);
  });

  it("gives the retry tap the first word whatever the order of the plugins list", async () => {
    for (const plugins of [
      [fastRetry(), "fallback"],
      ["fallback", fastRetry()],
    ]) {
      const { client, scripted } = await scriptedRuntime({
        providers: {
          alpha: [{ error: { kind: "timeout" }, times: 1 }, { reply: { text: "alpha again" } }],
          beta: [{ reply: { text: "beta" } }],
        },
        chain: ["alpha", "beta"],
        plugins,
      });
      expect((await client.generateResponse(userMessage("hi"))).provider).to.equal("alpha");
      expect(scripted("beta").requests).to.have.length(0);
    }
  });
});
