import type { Logger } from "pino";
import type { ServerConfig, ServerKeyConfig } from "../config/types.js";
import type { Runtime } from "../kernel/create-runtime.js";
import { createMemoryStore } from "../store/memory-store.js";
import { createRedisStore } from "../store/redis-store.js";
import type { SharedStore } from "../store/shared-store.js";

/** What `createServer` accepts; every setting left out comes from the config's `server` section. */
export interface ServerOptions {
  /** Virtual keys (hashed); default the config's `server.keys`. */
  keys?: readonly ServerKeyConfig[];
  /** Largest request body in bytes (default 4 MiB). */
  maxBodyBytes?: number;
  /** Chat completions in flight at once; one more is answered 503 (default 256). */
  maxConcurrentRequests?: number;
  /** How long `close()` waits for requests and streams in flight before cutting them (default 30000). */
  drainTimeoutMs?: number;
  /**
   * Counts the per-key rate limits. Default: the config's `server.store` (memory, or Redis at
   * `server.redisUrl`), which `close()` closes; a store given here is left open.
   */
  store?: SharedStore;
  /** Logs each request (method, path, status, time; never headers or bodies). Default: no log. */
  logger?: Logger;
  /** Clock in epoch milliseconds (rate-limit windows); default `Date.now`. */
  now?: () => number;
}

/** Every setting with its value. */
export interface GatewaySettings {
  keys: readonly ServerKeyConfig[];
  maxBodyBytes: number;
  maxConcurrentRequests: number;
  drainTimeoutMs: number;
  /** The store, and whether the server made it (and so closes it). */
  store: SharedStore;
  ownsStore: boolean;
  logger?: Logger;
  now: () => number;
}

const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;
const DEFAULT_MAX_CONCURRENT_REQUESTS = 256;
const DEFAULT_DRAIN_TIMEOUT_MS = 30_000;

function configStore(config: ServerConfig, options: ServerOptions): SharedStore {
  if (config.store !== "redis") return createMemoryStore({ now: options.now });
  return createRedisStore({
    url: config.redisUrl,
    now: options.now,
    ...(options.logger ? { logger: options.logger } : {}),
  });
}

/** Options over the config's `server` section over the defaults. */
export function resolveGatewaySettings(runtime: Runtime, options: ServerOptions): GatewaySettings {
  const config: ServerConfig = runtime.serverConfig() ?? { keys: [] };
  return {
    keys: options.keys ?? config.keys,
    maxBodyBytes: options.maxBodyBytes ?? config.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    maxConcurrentRequests:
      options.maxConcurrentRequests ?? config.maxConcurrentRequests ?? DEFAULT_MAX_CONCURRENT_REQUESTS,
    drainTimeoutMs: options.drainTimeoutMs ?? config.drainTimeoutMs ?? DEFAULT_DRAIN_TIMEOUT_MS,
    store: options.store ?? configStore(config, options),
    ownsStore: options.store === undefined,
    logger: options.logger,
    now: options.now ?? Date.now,
  };
}
