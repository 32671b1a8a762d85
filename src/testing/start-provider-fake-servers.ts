import type { FakeServer, FakeServerOptions } from "./fake-server.js";
import { startAnthropicFakeServer } from "./protocols/anthropic-protocol.js";
import { type GoogleFakeServer, startGoogleFakeServer } from "./protocols/google-protocol.js";
import { startOpenAIFakeServer } from "./protocols/openai-protocol.js";

/** One fake server per built-in provider, each enforcing its provider's request rules. */
export interface ProviderFakeServers {
  openai: FakeServer;
  anthropic: FakeServer;
  google: GoogleFakeServer;
  /** Closes all three. Safe to call twice. */
  close(): Promise<void>;
}

/**
 * Starts the OpenAI, Anthropic and Gemini fake servers side by side, for a chain that crosses
 * providers (the offline demo, the cross-provider tests). Point each provider's `baseURL` at
 * `openai.url + "/v1"`, `anthropic.url` and `google.url`.
 */
export async function startProviderFakeServers(
  options: Omit<FakeServerOptions, "validate"> = {},
): Promise<ProviderFakeServers> {
  const [openai, anthropic, google] = await Promise.all([
    startOpenAIFakeServer(options),
    startAnthropicFakeServer(options),
    startGoogleFakeServer(options),
  ]);
  const close = async () => {
    await Promise.all([openai.close(), anthropic.close(), google.close()]);
  };
  return { openai, anthropic, google, close };
}
