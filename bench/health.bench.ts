// The health plugin's cost and effect, through createRuntime with scripted providers (no network):
// 1. what its checks add to each request on a healthy target: no plugin, memory store, Redis store;
// 2. p50 latency during an outage of the primary (503 after 20 ms, one retry after 100 ms, then a
//    healthy fallback answering in 20 ms), without and with the plugin.
// Run: node --import tsx bench/health.bench.ts (starts its own redis-server; Debian package redis-server).
import { pino } from "pino";
import { HealthBoard } from "../plugins/health/health-board.js";
import { HEALTH_OPTIONS_SCHEMA, type HealthOptions } from "../plugins/health/health-options.js";
import { createRuntime, definePlugin, type LLMClient, type Runtime, type Target } from "../src/index.js";
import { startRedisServer } from "../test/support/redis-server.js";

const silent = pino({ level: "silent" });
const PROMPT = [{ role: "user" as const, content: "hello" }];

async function runtimeWith(
  plugins: unknown[],
  primaryRules: unknown[],
  backupRules: unknown[] = [],
): Promise<Runtime> {
  return createRuntime({
    config: {
      plugins: ["scripted", ...plugins],
      providers: {
        primary: { type: "scripted", rules: primaryRules },
        backup: { type: "scripted", rules: backupRules },
      },
      clients: {
        default: {
          provider: "primary",
          model: "primary-model",
          fallbacks: [{ provider: "backup", model: "backup-model" }],
        },
      },
    },
    logger: silent,
    env: {},
  });
}

/** Microseconds per request, the fastest of `rounds` rounds (the machine is shared: the minimum is the least disturbed). */
async function perRequestMicros(client: LLMClient, requests: number): Promise<number> {
  const startedAt = performance.now();
  for (let index = 0; index < requests; index++) await client.generateResponse(PROMPT);
  return ((performance.now() - startedAt) * 1000) / requests;
}

/** The three hooks the health plugin taps, tapped with nothing to do: the kernel's own cost of them. */
const emptyTaps = definePlugin({
  name: "empty-taps",
  apiVersion: 2,
  optionsSchema: { type: "object" },
  setup(plugin) {
    plugin.hooks.beforeAttempt.tap(() => undefined);
    plugin.hooks.afterAttempt.tap({ stage: "observe" }, () => undefined);
    plugin.hooks.afterRequest.tap({ stage: "observe" }, () => undefined);
  },
});

/** The plugin's own work for one successful request (admit, budget, record), without the kernel. */
function boardMicros(): number {
  const defaults = Object.fromEntries(
    Object.entries(HEALTH_OPTIONS_SCHEMA.properties).map(([key, schema]) => [key, schema.default]),
  ) as unknown as HealthOptions;
  const board = new HealthBoard(defaults, Date.now);
  const target: Target = { provider: "primary", providerType: "scripted", model: "m", params: {} };
  const chain = [target];
  const run = (count: number) => {
    const startedAt = performance.now();
    for (let index = 0; index < count; index++) {
      const owner = {};
      board.admit(chain, 0, owner, Number.POSITIVE_INFINITY);
      board.noteCall(target, false);
      board.record(target, owner, { kind: "success" });
      board.record(target, owner, { kind: "neutral" });
    }
    return ((performance.now() - startedAt) * 1000) / count;
  };
  run(100_000);
  let best = Number.POSITIVE_INFINITY;
  for (let round = 0; round < 9; round++) best = Math.min(best, run(100_000));
  return best;
}

async function checkCost(redisUrl: string): Promise<void> {
  const healthy = [{ reply: { text: "ok" } }];
  const sides: Record<string, Runtime> = {
    "no health plugin": await runtimeWith([], healthy),
    "three empty taps": await runtimeWith([emptyTaps], healthy),
    "health, memory store": await runtimeWith(["health"], healthy),
    "health, Redis store": await runtimeWith(
      [{ use: "health", options: { store: "redis", redisUrl, syncIntervalMs: 1000 } }],
      healthy,
    ),
  };
  const best: Record<string, number> = {};
  for (const [name, runtime] of Object.entries(sides)) {
    best[name] = Number.POSITIVE_INFINITY;
    await perRequestMicros(runtime.client(), 3000); // warm up
  }
  // Rounds alternate the sides, so a busy moment of the machine hits all of them alike.
  for (let round = 0; round < 9; round++) {
    for (const [name, runtime] of Object.entries(sides)) {
      best[name] = Math.min(best[name], await perRequestMicros(runtime.client(), 3000));
    }
  }
  const base = best["no health plugin"];
  console.log("Per request on a healthy target (scripted provider, fastest of 9 rounds of 3000):");
  for (const [name, micros] of Object.entries(best)) {
    const extra = name === "no health plugin" ? "" : ` (+${(micros - base).toFixed(2)} µs)`;
    console.log(`  ${name.padEnd(22)} ${micros.toFixed(2)} µs${extra}`);
  }
  console.log(`  the plugin's own work, without the kernel: ${boardMicros().toFixed(2)} µs`);
  for (const runtime of Object.values(sides)) await runtime.close();
}

function percentile(values: number[], share: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))];
}

async function outageLatency(): Promise<void> {
  const failing = [{ error: { kind: "provider_unavailable", status: 503 }, delayMs: 20 }];
  const backup = [{ reply: { text: "from backup" }, delayMs: 20 }];
  const retry = { use: "retry", options: { maxRetries: 1, initialDelayMs: 100, jitter: 0 } };
  console.log("During an outage of the primary (40 requests one after another):");
  for (const [name, plugins] of [
    ["retry + fallback", [retry, "fallback"]],
    ["retry + fallback + health", [retry, "fallback", "health"]],
  ] as const) {
    const runtime = await runtimeWith([...plugins], failing, backup);
    const client = runtime.client();
    const latencies: number[] = [];
    for (let index = 0; index < 40; index++) {
      const startedAt = performance.now();
      await client.generateResponse(PROMPT);
      latencies.push(performance.now() - startedAt);
    }
    const primaryCalls = (runtime.providerClient("primary") as unknown as { requests: unknown[] }).requests
      .length;
    console.log(
      `  ${name.padEnd(26)} p50 ${percentile(latencies, 0.5).toFixed(1)} ms, p90 ${percentile(latencies, 0.9).toFixed(1)} ms, ${primaryCalls} calls to the primary`,
    );
    await runtime.close();
  }
}

const redis = await startRedisServer();
try {
  await checkCost(redis.url);
  await outageLatency();
} finally {
  await redis.stop();
}
