/** A client target as written in the config (validated by the schema). */
export interface RawTarget {
  provider?: string;
  model: string;
  params?: Record<string, unknown>;
  /** Provider-specific params by provider type. */
  providerParams?: Record<string, Record<string, unknown>>;
}

export interface RawClient extends RawTarget {
  fallbacks?: RawTarget[];
  timeoutMs?: number;
  idleTimeoutMs?: number;
}

export interface RawProvider {
  type: string;
  apiKey?: string;
  baseURL?: string;
  timeoutMs?: number;
  headers?: Record<string, string>;
  [option: string]: unknown;
}

export type RawPluginEntry = string | { use: string; options?: Record<string, unknown> };

/** The config as written, once it matches schemas/llm.config.schema.json. */
export interface RawConfig {
  $schema?: string;
  plugins?: RawPluginEntry[];
  providers?: Record<string, RawProvider>;
  clients?: Record<string, RawClient>;
  logging?: { level?: string };
  files?: { maxBytes?: number; allowedRoots?: string[] };
  server?: RawServer;
}

export interface RawServerKey {
  name: string;
  sha256?: string;
  /** The key itself, after `${VAR}` interpolation. */
  key?: string;
  clients: string[];
  requestsPerMinute?: number;
}

export interface RawServer {
  keys?: RawServerKey[];
  requestsPerMinute?: number;
  maxBodyBytes?: number;
  maxConcurrentRequests?: number;
  drainTimeoutMs?: number;
  store?: "memory" | "redis";
  redisUrl?: string;
}
