import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import { pino } from "pino";
import { createRuntime, type LLMClient, type Runtime } from "../../index.js";
import type { FakeServer } from "../fake-server.js";
import type { ConformanceAdapter } from "./conformance-adapter.js";

/** A canary API key: a fixed prefix and a random tail that no other text can contain by chance. */
export interface CanaryKey {
  key: string;
  /** The random tail, the part whose fragments must never leak. */
  tail: string;
}

export function createCanaryKey(): CanaryKey {
  const tail = randomBytes(16).toString("hex");
  return { key: `sk-canary-${tail}`, tail };
}

/** One fake server and one runtime pointed at it, with every log line captured at trace level. */
export interface ConformanceHarness {
  readonly server: FakeServer;
  readonly runtime: Runtime;
  readonly client: LLMClient;
  /** Every line the runtime logged, as written (JSON). */
  readonly logLines: string[];
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** Per-attempt timeout of the provider instance, in milliseconds. */
  timeoutMs?: number;
  /** Plugin entries added after the adapter's own (e.g. the retry plugin for the streaming cases). */
  plugins?: unknown[];
}

export async function openConformanceHarness(
  adapter: ConformanceAdapter,
  canary: CanaryKey,
  options: HarnessOptions = {},
): Promise<ConformanceHarness> {
  const server = await adapter.startServer();
  const logLines: string[] = [];
  const logger = pino({ level: "trace" }, { write: (line: string) => logLines.push(line) });
  const config = adapter.createConfig(server, { apiKey: canary.key, timeoutMs: options.timeoutMs });
  if (options.plugins) {
    const own = Array.isArray(config.plugins) ? config.plugins : [];
    config.plugins = [...own, ...options.plugins];
  }
  // The attachment case writes its file in the OS temp folder, outside the default root (cwd).
  config.files ??= { allowedRoots: [tmpdir()] };
  let runtime: Runtime;
  try {
    runtime = await createRuntime({ config, env: {}, logger });
  } catch (error) {
    await server.close();
    throw error;
  }
  return {
    server,
    runtime,
    client: runtime.client(),
    logLines,
    close: async () => {
      await runtime.close();
      await server.close();
    },
  };
}
