import { createHash } from "node:crypto";
import OpenAI from "openai";
import { createRuntime, type Runtime } from "../../src/index.js";
import { createServer, type GatewayServer, type ServerOptions } from "../../src/server/index.js";
import {
  type ProviderFakeServers,
  startProviderFakeServers,
} from "../../src/testing/start-provider-fake-servers.js";
import { captureLogger } from "../kernel/runtime-fixture.js";

/** Provider secrets and a gateway key that must never show up in a log, an error or /metrics. */
export const CANARY = {
  openai: "sk-canary-openai-7f3a9c",
  anthropic: "sk-ant-canary-1b2d4e",
  gatewayKey: "gw-canary-key-5e6f7a8b",
  otherKey: "gw-other-key-0c1d2e3f",
};

const fromEnvironment = (name: string) => `\${${name}}`;

export const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

export interface Gateway {
  fakes: ProviderFakeServers;
  runtime: Runtime;
  server: GatewayServer;
  url: string;
  /** The official OpenAI SDK pointed at the gateway with a key (default the canary key). */
  sdk(apiKey?: string): OpenAI;
  /** Every log line written by the runtime and the gateway. */
  logLines: string[];
  close(): Promise<void>;
}

export interface GatewayFixtureOptions {
  /** The config's `server` section (default: one key, the canary key, for every client). */
  server?: Record<string, unknown>;
  serverOptions?: ServerOptions;
  /** The `solo` client's deadline (default 20000). */
  soloTimeoutMs?: number;
  /** Extra plugins after the providers and fallback (e.g. retry). */
  plugins?: unknown[];
}

/**
 * Fake OpenAI and Anthropic servers; a runtime whose `default` client is openai gpt-4o falling
 * back to anthropic claude-sonnet-4-6 and whose `solo` client is openai gpt-4o-mini alone; and the
 * gateway over it on a free port of 127.0.0.1.
 */
export async function startGateway(options: GatewayFixtureOptions = {}): Promise<Gateway> {
  const fakes = await startProviderFakeServers();
  const { logger, lines } = captureLogger("trace");
  const runtime = await createRuntime({
    config: {
      plugins: ["openai", "anthropic", "fallback", ...(options.plugins ?? [])],
      providers: {
        openai: { type: "openai", apiKey: fromEnvironment("OPENAI_KEY"), baseURL: `${fakes.openai.url}/v1` },
        anthropic: {
          type: "anthropic",
          apiKey: fromEnvironment("ANTHROPIC_KEY"),
          baseURL: fakes.anthropic.url,
        },
      },
      clients: {
        default: {
          provider: "openai",
          model: "gpt-4o",
          timeoutMs: 20_000,
          fallbacks: [{ provider: "anthropic", model: "claude-sonnet-4-6", params: { max_tokens: 1024 } }],
        },
        solo: { provider: "openai", model: "gpt-4o-mini", timeoutMs: options.soloTimeoutMs ?? 20_000 },
      },
      server: options.server ?? {
        keys: [
          { name: "tests", key: fromEnvironment("GATEWAY_KEY"), clients: ["*"] },
          { name: "solo-only", sha256: sha256(CANARY.otherKey), clients: ["solo"] },
        ],
      },
    },
    env: { OPENAI_KEY: CANARY.openai, ANTHROPIC_KEY: CANARY.anthropic, GATEWAY_KEY: CANARY.gatewayKey },
    logger,
  });
  const server = createServer(runtime, { logger, ...options.serverOptions });
  const url = await server.listen({ port: 0 });
  return {
    fakes,
    runtime,
    server,
    url,
    logLines: lines,
    sdk: (apiKey = CANARY.gatewayKey) => new OpenAI({ apiKey, baseURL: `${url}/v1`, maxRetries: 0 }),
    async close() {
      await server.close();
      await runtime.close();
      await fakes.close();
    },
  };
}
