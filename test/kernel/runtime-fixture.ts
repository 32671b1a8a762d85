import { Writable } from "node:stream";
import { pino } from "pino";
import type { ScriptedProviderClient, ScriptedRule } from "../../plugins/scripted/index.js";
import { createRuntime, type Runtime } from "../../src/index.js";

/** A pino logger writing JSON lines into an array, for assertions on what was logged. */
export function captureLogger(level = "trace") {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: pino({ level }, sink), lines };
}

export interface ScriptedRuntimeOptions {
  /** Rules per scripted provider instance; one instance per key. */
  providers: Record<string, ScriptedRule[]>;
  /** Chain of the default client as instance names (the model is `<instance>-model`). */
  chain: string[];
  /** Extra plugins (after "scripted"). */
  plugins?: unknown[];
  timeoutMs?: number;
}

/** A runtime whose providers are scripted instances, built through the public API. */
export async function scriptedRuntime(options: ScriptedRuntimeOptions) {
  const { logger, lines } = captureLogger();
  const [primary, ...fallbacks] = options.chain;
  const runtime: Runtime = await createRuntime({
    config: {
      plugins: ["scripted", ...(options.plugins ?? [])],
      providers: Object.fromEntries(
        Object.entries(options.providers).map(([name, rules]) => [name, { type: "scripted", rules }]),
      ),
      clients: {
        default: {
          provider: primary,
          model: `${primary}-model`,
          ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
          fallbacks: fallbacks.map((name) => ({ provider: name, model: `${name}-model` })),
        },
      },
    },
    logger,
    env: {},
  });
  const scripted = (name: string) => runtime.providerClient(name) as ScriptedProviderClient;
  return { runtime, client: runtime.client(), scripted, logLines: lines };
}

export const userMessage = (content: string) => [{ role: "user" as const, content }];
