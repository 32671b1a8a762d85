import { expect } from "chai";
import { createRuntime, definePlugin, type PluginContext } from "../../src/index.js";
import { captureLogger } from "./runtime-fixture.js";

const NOW = 1_800_000_000_000;

describe("createRuntime's edges: clock, sleep and random source", () => {
  it("runs a retry on the injected clock, wait and random source, which plugins are given too", async () => {
    const slept: number[] = [];
    let seen: Pick<PluginContext, "now" | "random"> | undefined;
    const peek = definePlugin({
      name: "peek",
      apiVersion: 2,
      optionsSchema: { type: "object" },
      setup(context) {
        seen = context;
      },
    });
    const runtime = await createRuntime({
      config: {
        plugins: [
          "scripted",
          peek,
          { use: "retry", options: { maxRetries: 1, initialDelayMs: 1000, jitter: 1 } },
        ],
        providers: {
          alpha: {
            type: "scripted",
            rules: [
              { error: { kind: "rate_limit", status: 429 }, times: 1 },
              { reply: { text: "after the wait" } },
            ],
          },
        },
        clients: { default: { provider: "alpha", model: "alpha-model" } },
      },
      env: {},
      logger: captureLogger().logger,
      now: () => NOW,
      random: () => 0.25,
      sleep: async (ms) => {
        slept.push(ms);
      },
    });
    try {
      const started = performance.now();
      const output = await runtime.client().generateResponse([{ role: "user", content: "hi" }]);
      expect(output.content).to.equal("after the wait");
      // Full jitter over a 1000 ms backoff, drawn from the injected source: 1000 * 0.25.
      expect(output.attempts[0]).to.include({ decision: "retry", delayMs: 250, startedAt: NOW });
      expect(slept).to.deep.equal([250]);
      expect(performance.now() - started).to.be.below(250);
      expect(seen?.now()).to.equal(NOW);
      expect(seen?.random()).to.equal(0.25);
    } finally {
      await runtime.close();
    }
  });

  it("ends an injected wait early when the caller aborts", async () => {
    const runtime = await createRuntime({
      config: {
        plugins: ["scripted", { use: "retry", options: { maxRetries: 1, initialDelayMs: 1000, jitter: 0 } }],
        providers: { alpha: { type: "scripted", rules: [{ error: { kind: "rate_limit", status: 429 } }] } },
        clients: { default: { provider: "alpha", model: "alpha-model" } },
      },
      env: {},
      logger: captureLogger().logger,
      // A wait that never ends by itself.
      sleep: () => new Promise<void>(() => undefined),
    });
    try {
      const controller = new AbortController();
      const pending = runtime
        .client()
        .generateResponse([{ role: "user", content: "hi" }], undefined, undefined, {
          signal: controller.signal,
        });
      setTimeout(() => controller.abort(), 30);
      const error = await pending.catch((thrown: unknown) => thrown);
      expect(error).to.have.property("code", "aborted");
    } finally {
      await runtime.close();
    }
  });
});
