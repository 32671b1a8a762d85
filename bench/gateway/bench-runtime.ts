import { pino } from "pino";
import { createRuntime, type Runtime } from "../../src/index.js";

/** The runtime both sides use: one openai client on the fake upstream, fallback loaded, no retry. */
export function benchRuntime(upstreamUrl: string): Promise<Runtime> {
  return createRuntime({
    config: {
      plugins: ["openai", "fallback"],
      providers: { openai: { type: "openai", apiKey: "sk-bench", baseURL: `${upstreamUrl}/v1` } },
      clients: { default: { model: "gpt-4o", timeoutMs: 30_000 } },
      logging: { level: "silent" },
    },
    env: {},
    logger: pino({ level: "silent" }),
  });
}

export const BENCH_MESSAGES = [{ role: "user" as const, content: "ping" }];
