import { fileURLToPath } from "node:url";
import { expect } from "chai";
import { getMetricsSnapshot } from "../../examples/metrics/index.js";
import { MetricsCollector } from "../../examples/metrics/metrics-collector.js";
import { createRuntime, isLLMError } from "../../src/index.js";
import { captureLogger } from "../kernel/runtime-fixture.js";

const PLUGIN = fileURLToPath(new URL("../../examples/metrics/index.ts", import.meta.url));
const PROMPT = [{ role: "user" as const, content: "Hello there, how are you?" }];

/** primary fails with 503 twice (one retry, then fallback), backup answers. */
async function metricsRuntime(options: Record<string, unknown>, primaryRules: unknown[]) {
  const { logger, lines } = captureLogger("info");
  const runtime = await createRuntime({
    config: {
      plugins: [
        "scripted",
        { use: "retry", options: { maxRetries: 1, initialDelayMs: 1, maxDelayMs: 1 } },
        "fallback",
        { use: PLUGIN, options },
      ],
      providers: {
        primary: { type: "scripted", rules: primaryRules },
        backup: { type: "scripted", rules: [{ reply: { text: "Fine, thanks for asking." } }] },
      },
      clients: {
        default: {
          provider: "primary",
          model: "primary-model",
          fallbacks: [{ provider: "backup", model: "backup-model" }],
        },
      },
    },
    env: {},
    logger,
  });
  return { runtime, client: runtime.client(), lines };
}

const unavailable = { error: { kind: "provider_unavailable", status: 503 } };

describe("examples/metrics", () => {
  it("counts every call per provider, failed ones by error code, and the tokens of successful ones", async () => {
    const { runtime, client } = await metricsRuntime({ name: "per-provider" }, [unavailable]);
    try {
      const output = await client.generateResponse(PROMPT);
      await client.generateResponse(PROMPT);
      const snapshot = getMetricsSnapshot("per-provider");
      expect(snapshot?.providers.primary).to.deep.include({ calls: 4, successes: 0, failures: 4 });
      expect(snapshot?.providers.primary.errors).to.deep.equal({ provider_unavailable: 4 });
      expect(snapshot?.providers.primary.tokens.total).to.equal(0);
      const backup = snapshot?.providers.backup;
      expect(backup).to.deep.include({ calls: 2, successes: 2, failures: 0 });
      expect(backup?.tokens.prompt).to.equal(2 * output.usage.promptTokens);
      expect(backup?.tokens.completion).to.equal(2 * output.usage.completionTokens);
      expect(backup?.tokens.total).to.equal(2 * output.usage.totalTokens);
      expect(backup?.latency.samples).to.equal(2);
    } finally {
      await runtime.close();
    }
  });

  it("records a final failure too, which no retry or fallback decided on", async () => {
    const { logger } = captureLogger();
    const runtime = await createRuntime({
      config: {
        plugins: ["scripted", { use: PLUGIN, options: { name: "final-failure" } }],
        providers: { only: { type: "scripted", rules: [{ error: { kind: "rate_limit", status: 429 } }] } },
        clients: { default: { provider: "only", model: "only-model" } },
      },
      env: {},
      logger,
    });
    try {
      const failure = await runtime
        .client()
        .generateResponse(PROMPT)
        .catch((error: unknown) => error);
      expect(isLLMError(failure, "rate_limit")).to.equal(true);
      expect(getMetricsSnapshot("final-failure")?.providers.only).to.deep.include({ calls: 1, failures: 1 });
    } finally {
      await runtime.close();
    }
  });

  it("counts exactly one outcome per request: success, failure, abort, deadline and streams", async () => {
    const { logger } = captureLogger();
    const rules = [
      { match: { contains: "fail" }, error: { kind: "invalid_request", status: 400 } },
      { match: { contains: "slow" }, delayMs: 5_000, reply: { text: "late" } },
      {
        match: { contains: "cut" },
        reply: { chunks: ["a", "b"] },
        error: { kind: "connection" },
        errorAfterChunks: 1,
      },
      { reply: { text: "fine", chunks: ["fi", "ne"] } },
    ];
    const runtime = await createRuntime({
      config: {
        plugins: ["scripted", { use: PLUGIN, options: { name: "outcomes" } }],
        providers: { only: { type: "scripted", rules } },
        clients: { default: { provider: "only", model: "only-model" } },
      },
      env: {},
      logger,
    });
    const ask = (content: string) => [{ role: "user" as const, content }];
    const drain = async (stream: AsyncIterable<unknown>) => {
      for await (const _ of stream);
    };
    try {
      const client = runtime.client();
      await client.generateResponse(ask("hello"));
      await client.generateResponse(ask("fail")).catch(() => undefined);
      await client
        .generateResponse(ask("slow"), undefined, undefined, { timeoutMs: 30 })
        .catch(() => undefined);
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 20);
      await client
        .generateResponse(ask("slow"), undefined, undefined, { signal: controller.signal })
        .catch(() => undefined);
      await drain(client.streamResponse(ask("hello")));
      for await (const event of client.streamResponse(ask("hello"))) if (event.type === "text-delta") break;
      await drain(client.streamResponse(ask("cut"))).catch(() => undefined);
      expect(getMetricsSnapshot("outcomes")?.requests).to.deep.equal({
        total: 7,
        successes: 2,
        failures: 3,
        aborted: 2,
        errors: { invalid_request: 1, timeout: 1, connection: 1 },
        streamed: 3,
      });
    } finally {
      await runtime.close();
    }
  });

  it("measures latency from the kernel's attempt records", async () => {
    const slow = [{ reply: { text: "late" }, delayMs: 60 }];
    const { runtime, client } = await metricsRuntime({ name: "latency" }, slow);
    try {
      await client.generateResponse(PROMPT);
      const latency = getMetricsSnapshot("latency")?.providers.primary.latency;
      expect(latency?.samples).to.equal(1);
      expect(latency?.p50Ms).to.be.at.least(50);
      expect(latency?.maxMs).to.equal(latency?.p50Ms);
    } finally {
      await runtime.close();
    }
  });

  it("logs the snapshot every logIntervalMs until the runtime closes", async () => {
    const { runtime, client, lines } = await metricsRuntime({ name: "logged", logIntervalMs: 100 }, [
      { reply: { text: "hi" } },
    ]);
    await client.generateResponse(PROMPT);
    await new Promise((resolve) => setTimeout(resolve, 260));
    await runtime.close();
    const logged = lines.map((line) => JSON.parse(line)).filter((entry) => entry.msg === "metrics");
    expect(logged.length).to.be.within(1, 3);
    expect(logged[0].metrics.providers.primary.calls).to.equal(1);
    const countAtClose = lines.length;
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(lines.length, "no line after close").to.equal(countAtClose);
  });

  it("refuses a second open runtime under the same name, and allows it once the first is closed", async () => {
    const first = await metricsRuntime({ name: "shared" }, [{ reply: { text: "hi" } }]);
    const failure = await metricsRuntime({ name: "shared" }, [{ reply: { text: "hi" } }]).catch(
      (error: unknown) => error,
    );
    expect(isLLMError(failure, "plugin")).to.equal(true);
    expect((failure as Error).message).to.include('metrics "shared" is already collected');
    await first.runtime.close();
    const second = await metricsRuntime({ name: "shared" }, [{ reply: { text: "hi" } }]);
    expect(getMetricsSnapshot("shared")?.providers).to.deep.equal({});
    await second.runtime.close();
  });

  it("answers undefined for a name no runtime collects under", () => {
    expect(getMetricsSnapshot("never-registered")).to.equal(undefined);
  });

  describe("MetricsCollector", () => {
    it("keeps only the latest latencySamples durations for the percentiles", () => {
      const collector = new MetricsCollector(3);
      for (const durationMs of [1000, 10, 20, 30]) {
        collector.recordAttempt({
          provider: "p",
          model: "m",
          targetIndex: 0,
          attempt: 1,
          outcome: "success",
          startedAt: 0,
          durationMs,
        });
      }
      const { latency, calls } = collector.snapshot().providers.p;
      expect(calls).to.equal(4);
      expect(latency).to.deep.equal({ samples: 3, meanMs: 20, p50Ms: 20, p95Ms: 30, maxMs: 30 });
    });
  });
});
