import type { ProviderInstanceConfig } from "../contract/provider.js";

/** A plugin named in the config, normalised from `"name"` or `{ "use": "name", "options": {...} }`. */
export interface PluginEntry {
  /** Built-in name (`retry`), a relative path (`./my-plugin.mjs`), or a package name. */
  use: string;
  options: Record<string, unknown>;
  /** JSON pointer of the entry in the config (`/plugins/3`), for error messages. */
  pointer: string;
}

/** One target of a client's chain, with its provider resolved (explicit, `provider/model`, or prefix). */
export interface TargetConfig {
  /** Provider instance name. */
  provider: string;
  /** The instance's `type`. */
  providerType: string;
  model: string;
  /** The client's params with the target's own params merged over them. */
  params: Record<string, unknown>;
  /** `providerParams.<providerType>`: the client's with the target's own merged over them. */
  providerParams?: Record<string, unknown>;
  /** JSON pointer of this target in the config, for error messages. */
  pointer: string;
}

export interface ClientConfig {
  name: string;
  /** Overall deadline per request in milliseconds (retries, waits and fallbacks included). */
  timeoutMs: number;
  /** Longest silence between two chunks of a stream, in milliseconds (default 60000). */
  idleTimeoutMs: number;
  /** The primary first, then the fallbacks in order. */
  targets: TargetConfig[];
}

export interface FilesConfig {
  /** Largest attachment accepted, in bytes. */
  maxBytes: number;
  /** Absolute folders attachments must lie within; when the config names none, the working folder. */
  allowedRoots: string[];
}

/** One virtual key of the gateway (`server.keys`); the key itself is never kept, only its hash. */
export interface ServerKeyConfig {
  /** Who holds the key: shown in logs and used to count its rate limit. */
  name: string;
  /** SHA-256 of the key, lowercase hex. */
  sha256: string;
  /** Clients the key may call; `"*"` allows every client. */
  clients: readonly string[];
  /** Requests per minute for this key, when the config sets a limit for it or for every key. */
  requestsPerMinute?: number;
}

/** The gateway's section (`server`), as written plus the keys hashed; defaults belong to the server. */
export interface ServerConfig {
  keys: ServerKeyConfig[];
  requestsPerMinute?: number;
  maxBodyBytes?: number;
  maxConcurrentRequests?: number;
  drainTimeoutMs?: number;
  /** Where per-key rate limits are counted (default memory). */
  store?: "memory" | "redis";
  redisUrl?: string;
}

/**
 * A validated config, with `${ENV}` interpolated, defaults filled in, `files.allowedRoots` made
 * absolute, and every object deep-frozen. Plugin paths stay as written; they resolve from `baseDir`.
 */
export interface ResolvedConfig {
  /** Absolute path of the config file, or undefined for an inline or default config. */
  file?: string;
  /**
   * Pointer of the config inside its file: "/llm" when it is package.json's "llm" key, else ""
   * (undefined counts as ""). Prefix it to pointers built from the config's own keys.
   */
  pointerPrefix?: string;
  /** The folder relative plugin paths resolve from (the config file's folder, else cwd). */
  baseDir: string;
  /**
   * Set for a config found by discovery, to its own folder: a plugin it names by path must lie in
   * that folder's tree (symlinks followed), checked before import. A file found by searching the
   * working folder is not trusted to run code from elsewhere on disk; a config given by path
   * (configPath, --config) or inline is, and has no such root.
   */
  pluginPathRoot?: string;
  /** Whether this config was built because no config file exists. */
  isDefault: boolean;
  plugins: PluginEntry[];
  providers: Record<string, ProviderInstanceConfig>;
  clients: Record<string, ClientConfig>;
  /** pino level name; default "warn". */
  logging: { level: string };
  files: FilesConfig;
  /** The gateway's section, when the config has one. */
  server?: ServerConfig;
  /** Every secret value the config holds (API keys, header values), for value-based scrubbing. */
  secrets: string[];
}

/** Where to find the config and what environment to interpolate from. */
export interface LoadConfigOptions {
  /** An inline config object (skips discovery). */
  config?: unknown;
  /** An explicit config file (JSON, YAML, `.llmrc`, or a JS/MJS module). */
  configPath?: string;
  /** Where discovery starts (default `process.cwd()`). */
  cwd?: string;
  /** Environment for `${VAR}` interpolation and API-key defaults (default `process.env`). */
  env?: Record<string, string | undefined>;
}
