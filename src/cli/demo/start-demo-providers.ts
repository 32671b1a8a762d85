import type { FakeServer } from "../../testing/fake-server.js";
import { startProviderFakeServers } from "../../testing/start-provider-fake-servers.js";
import { scriptAnthropic, scriptGoogle, scriptOpenAI } from "./simulated-models.js";

export const DEMO_MODELS = {
  openai: "gpt-4o",
  anthropic: "claude-sonnet-4-6",
  google: "gemini-2.5-flash",
} as const;

/** A key the fake servers accept; it is not a secret and opens nothing. */
const DEMO_KEY = "demo-key-not-a-secret";

export interface DemoProviders {
  config: Record<string, unknown>;
  servers: FakeServer[];
  close(): Promise<void>;
}

/**
 * Starts the three wire-level fake servers on 127.0.0.1 with the demo's script, and the config of
 * a runtime pointed at them: openai first, then anthropic, then google, with retry and fallback.
 */
export async function startDemoProviders(): Promise<DemoProviders> {
  const fakes = await startProviderFakeServers();
  const { openai, anthropic, google } = fakes;
  const openaiScript = scriptOpenAI();
  openai.enqueue(...openaiScript.replies);
  openai.setDefaultReply(openaiScript.outage);
  const anthropicScript = scriptAnthropic();
  anthropic.enqueue(...anthropicScript.replies);
  anthropic.setDefaultReply(anthropicScript.outage);
  google.enqueue(...scriptGoogle().replies);
  const config = {
    // The demo prints its own trace; the fallback plugin's warnings would only repeat it on stderr.
    logging: { level: "error" },
    plugins: [
      "openai",
      "anthropic",
      "google",
      { use: "retry", options: { maxRetries: 1, initialDelayMs: 250, backoffFactor: 2, jitter: 0 } },
      "fallback",
      "id-translation",
    ],
    providers: {
      openai: { type: "openai", apiKey: DEMO_KEY, baseURL: `${openai.url}/v1` },
      anthropic: { type: "anthropic", apiKey: DEMO_KEY, baseURL: anthropic.url },
      google: { type: "google", apiKey: DEMO_KEY, baseURL: google.url },
    },
    clients: {
      default: {
        model: DEMO_MODELS.openai,
        timeoutMs: 30_000,
        fallbacks: [{ model: DEMO_MODELS.anthropic }, { model: DEMO_MODELS.google }],
      },
    },
  };
  const servers = [openai, anthropic, google];
  return {
    config,
    servers,
    close: async () => void (await Promise.all(servers.map((server) => server.close()))),
  };
}
