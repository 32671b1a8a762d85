/** The runtime configs of the benchmark: every provider plugin and the default behaviour plugins. */
import type { ProviderName } from "./canned-replies.js";

/** The behaviour plugins loaded beside the providers: every first-party one there is. */
export const BEHAVIOUR_PLUGINS = ["retry", "fallback", "id-translation", "debug-dump"] as const;

export const MODELS: Record<ProviderName, string> = {
  openai: "gpt-4o",
  google: "gemini-2.5-flash",
  anthropic: "claude-sonnet-4-6",
};

export const API_KEYS: Record<ProviderName, string> = {
  openai: "sk-bench-openai-0000000000000000",
  google: "AIza-bench-google-000000000000000",
  anthropic: "sk-ant-bench-000000000000000000",
};

/** Where each SDK sends its requests (the canned fetch never goes there; loopback passes its own). */
export type BaseUrls = Record<ProviderName, string>;

export const DEFAULT_BASE_URLS: BaseUrls = {
  openai: "https://api.openai.com/v1",
  google: "https://generativelanguage.googleapis.com",
  anthropic: "https://api.anthropic.com",
};

const FALLBACK_OF: Record<ProviderName, ProviderName> = {
  openai: "anthropic",
  google: "openai",
  anthropic: "openai",
};

/**
 * One client per provider, named after it, with a fallback to another provider (as a real chain
 * has), and the default plugins: retry, fallback, id-translation, debug-dump.
 */
export function threeProviderConfig(baseUrls: BaseUrls = DEFAULT_BASE_URLS, retry: object = {}) {
  const names = ["openai", "google", "anthropic"] as const;
  return {
    plugins: [...names, { use: "retry", options: retry }, "fallback", "id-translation", "debug-dump"],
    providers: Object.fromEntries(
      names.map((name) => [name, { type: name, apiKey: API_KEYS[name], baseURL: baseUrls[name] }]),
    ),
    clients: Object.fromEntries(
      names.map((name) => [
        name,
        {
          provider: name,
          model: MODELS[name],
          fallbacks: [{ provider: FALLBACK_OF[name], model: MODELS[FALLBACK_OF[name]] }],
        },
      ]),
    ),
  };
}

/**
 * The same clients with only the provider plugins and no fallbacks: the "bare runtime" side of a
 * layer split. A chain with fallbacks needs the fallback plugin (the runtime refuses a config whose
 * fallbacks could never be tried), and this side measures the kernel without any behaviour plugin.
 */
export function providersOnlyConfig(baseUrls: BaseUrls = DEFAULT_BASE_URLS) {
  const config = threeProviderConfig(baseUrls);
  const clients = Object.fromEntries(
    Object.entries(config.clients).map(([name, { fallbacks: _fallbacks, ...client }]) => [name, client]),
  );
  return { ...config, plugins: [...config.plugins.slice(0, 3)], clients };
}
