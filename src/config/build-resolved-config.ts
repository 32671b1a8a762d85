import path from "node:path";
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
    plugins: (config.plugins ?? []).map((entry, index) =>
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
