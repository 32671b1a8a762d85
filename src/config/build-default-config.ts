import type { ProviderInstanceConfig } from "../contract/provider.js";
import {
  DEFAULT_CLIENT_TIMEOUT_MS,
  DEFAULT_IDLE_TIMEOUT_MS,
  DEFAULT_LOG_LEVEL,
  DEFAULT_MAX_FILE_BYTES,
} from "./config-defaults.js";
import { type Environment, readEnv } from "./interpolate-env.js";
import type { ClientConfig, ResolvedConfig, TargetConfig } from "./types.js";

/** Behaviour plugins the default config loads, after the provider plugins. */
export const DEFAULT_BEHAVIOUR_PLUGINS: readonly string[] = Object.freeze([
  "retry",
  "fallback",
  "id-translation",
]);

/** Each built-in provider type, the variables its key may come from (in order), and its default model. */
const DEFAULT_PROVIDERS = [
  { type: "openai", keyVariables: ["OPENAI_API_KEY"], model: "gpt-4o" },
  { type: "google", keyVariables: ["GEMINI_API_KEY", "GOOGLE_API_KEY"], model: "gemini-2.5-flash" },
  { type: "anthropic", keyVariables: ["ANTHROPIC_API_KEY"], model: "claude-sonnet-4-6" },
] as const;

function defaultClients(
  available: ReadonlyArray<(typeof DEFAULT_PROVIDERS)[number]>,
): Record<string, ClientConfig> {
  if (available.length === 0) return {};
  const targets: TargetConfig[] = available.map(({ type, model }, index) => ({
    provider: type,
    providerType: type,
    model,
    params: {},
    pointer: index === 0 ? "/clients/default" : `/clients/default/fallbacks/${index - 1}`,
  }));
  return {
    default: {
      name: "default",
      timeoutMs: DEFAULT_CLIENT_TIMEOUT_MS,
      idleTimeoutMs: DEFAULT_IDLE_TIMEOUT_MS,
      targets,
    },
  };
}

/**
 * The config used when no config file exists: a provider for each built-in type whose key is set
 * in the environment (named as its type, without apiKey: the kernel takes it from the
 * environment), the default behaviour plugins, and a `default` client whose primary is the first
 * available of gpt-4o, gemini-2.5-flash and claude-sonnet-4-6, the others its fallbacks. With no
 * key set there are no clients. `secrets` holds every key variable's value, so logs scrub them from the start.
 */
export function buildDefaultConfig(cwd: string, env: Environment): ResolvedConfig {
  const keyOf = (variables: readonly string[]) =>
    variables.map((name) => readEnv(env, name)).find((value) => value);
  const available = DEFAULT_PROVIDERS.filter(({ keyVariables }) => keyOf(keyVariables) !== undefined);
  const providers: Record<string, ProviderInstanceConfig> = {};
  for (const { type } of available) providers[type] = { name: type, type };
  const plugins = [...available.map(({ type }) => type), ...DEFAULT_BEHAVIOUR_PLUGINS];
  return {
    file: undefined,
    baseDir: cwd,
    isDefault: true,
    plugins: plugins.map((use, index) => ({ use, options: {}, pointer: `/plugins/${index}` })),
    providers,
    clients: defaultClients(available),
    logging: { level: DEFAULT_LOG_LEVEL },
    files: { maxBytes: DEFAULT_MAX_FILE_BYTES, allowedRoots: [] },
    secrets: DEFAULT_PROVIDERS.flatMap(({ keyVariables }) =>
      keyVariables.map((name) => readEnv(env, name) ?? ""),
    ).filter(Boolean),
  };
}
