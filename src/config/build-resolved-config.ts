import path from "node:path";
import { DEFAULT_BEHAVIOUR_PLUGINS } from "./build-default-config.js";
import { DEFAULT_LOG_LEVEL, DEFAULT_MAX_FILE_BYTES } from "./config-defaults.js";
import type { ConfigLocation } from "./config-location.js";
import type { RawConfig, RawPluginEntry } from "./raw-config.js";
import { resolveClients } from "./resolve-clients.js";
import { collectSecrets, resolveProviders } from "./resolve-providers.js";
import { resolveServer } from "./resolve-server.js";
import type { PluginEntry, ResolvedConfig } from "./types.js";

function toPluginEntry(entry: RawPluginEntry, pointer: string): PluginEntry {
  if (typeof entry === "string") return { use: entry, options: {}, pointer };
  return { use: entry.use, options: entry.options ?? {}, pointer };
}

/**
 * The plugins of a config that has no `plugins` key, as for the no-config default: the built-in
 * provider plugin of each type its providers use, then retry, fallback and id-translation. A config
 * that lists plugins gets exactly those.
 */
function defaultPluginEntries(providers: ResolvedConfig["providers"], pointerPrefix: string): PluginEntry[] {
  const types = [...new Set(Object.values(providers).map((provider) => provider.type))];
  const names = [...types.filter((type) => BUILTIN_PROVIDER_PLUGINS.has(type)), ...DEFAULT_BEHAVIOUR_PLUGINS];
  return names.map((use) => ({ use, options: {}, pointer: `${pointerPrefix}/plugins` }));
}

/** Built-in plugins that register the provider type of the same name. */
const BUILTIN_PROVIDER_PLUGINS: ReadonlySet<string> = new Set([
  "openai",
  "google",
  "anthropic",
  "azure-openai",
  "google-vertex",
  "scripted",
]);

export interface ConfigOrigin extends ConfigLocation {
  /** Absolute path of the config file, if any. */
  file?: string;
  baseDir: string;
  discovered?: boolean;
}

/** A validated, interpolated config turned into the resolved shape, defaults filled in. */
export function buildResolvedConfig(config: RawConfig, origin: ConfigOrigin): ResolvedConfig {
  const providers = resolveProviders(config.providers ?? {}, origin);
  const clients = resolveClients(config.clients ?? {}, providers, origin);
  const gateway = config.server ? resolveServer(config.server, Object.keys(clients), origin) : undefined;
  return {
    file: origin.file,
    pointerPrefix: origin.pointerPrefix,
    baseDir: origin.baseDir,
    ...(origin.discovered ? { pluginPathRoot: origin.baseDir } : {}),
    isDefault: false,
    plugins:
      config.plugins === undefined
        ? defaultPluginEntries(providers, origin.pointerPrefix)
        : config.plugins.map((entry, index) =>
            toPluginEntry(entry, `${origin.pointerPrefix}/plugins/${index}`),
          ),
    providers,
    clients,
    logging: { level: config.logging?.level ?? DEFAULT_LOG_LEVEL },
    files: {
      maxBytes: config.files?.maxBytes ?? DEFAULT_MAX_FILE_BYTES,
      allowedRoots: (config.files?.allowedRoots ?? []).map((root) => path.resolve(origin.baseDir, root)),
    },
    ...(gateway ? { server: gateway.server } : {}),
    secrets: [...collectSecrets(providers), ...(gateway?.plainKeys ?? [])],
  };
}
