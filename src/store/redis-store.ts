import type { Redis, RedisOptions } from "ioredis";
import { createMemoryStore } from "./memory-store.js";
import type { SharedStore } from "./shared-store.js";

/** What the store logs through: pino's `warn` and `info` (a plugin's `context.logger` fits). */
export interface StoreLogger {
  warn(fields: Record<string, unknown>, message: string): void;
  info(fields: Record<string, unknown>, message: string): void;
}

export interface RedisStoreOptions {
  /** `redis://[[user]:password@]host[:port][/db]` (or `rediss://` for TLS). Default `redis://127.0.0.1:6379`. */
  url?: string;
  /** Put before every key, so several configs or applications can share one Redis. Default `llm-runtime:`. */
  keyPrefix?: string;
  /** Longest wait for one Redis command before this process answers from its local view. Default 250. */
  commandTimeoutMs?: number;
  /** Longest wait for a connection (and each reconnection) to open. Default 1000. */
  connectTimeoutMs?: number;
  /** Where the one warning per outage goes. Default: nowhere. */
  logger?: StoreLogger;
  /** The clock of the local view, in epoch milliseconds. Default `Date.now`. */
  now?: () => number;
}

const DEFAULT_REDIS_URL = "redis://127.0.0.1:6379";
const DEFAULT_KEY_PREFIX = "llm-runtime:";
const DEFAULT_COMMAND_TIMEOUT_MS = 250;
const DEFAULT_CONNECT_TIMEOUT_MS = 1000;

/** Reconnection waits grow to this and stay there while Redis is away. */
const MAX_RECONNECT_DELAY_MS = 2000;

/**
 * After a command fails (Redis stalled or gone), the next ones go straight to the local view for
 * this long, so a stalled Redis costs one command timeout per second, not one per call.
 */
const PAUSE_AFTER_FAILURE_MS = 1000;

/**
 * Adds 1 to a counter and starts its window on the first increment, in one step on the server: a
 * counter can never be left without its expiry, and two processes never both see 1.
 */
const INCREMENT_IN_WINDOW = `
local count = redis.call("INCR", KEYS[1])
if count == 1 then redis.call("PEXPIRE", KEYS[1], ARGV[1]) end
return count`;

type RedisWithIncrement = Redis & {
  incrementInWindow(key: string, windowMs: number): Promise<number>;
};

/** The error's code (ECONNREFUSED, ETIMEDOUT...) or class name: never its message, which may name the host. */
function describeFailure(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string") return code;
  const message = error instanceof Error ? error.message : "";
  if (/timed out/i.test(message)) return "command_timeout";
  if (/closed|writable|offline|not connected/i.test(message)) return "connection_closed";
  return error instanceof Error ? error.name : "unknown";
}

/**
 * A SharedStore in Redis, for state that several processes share (ioredis underneath). Redis being
 * down or slow never fails a caller and never makes one wait longer than `commandTimeoutMs` (after a
 * failed command, the next second's calls do not try Redis at all): every
 * write also goes to a local in-memory store, and while Redis cannot answer, reads and increments
 * are answered from that local view. Commands are not queued while disconnected (they would pile
 * up and fire late); ioredis reconnects on its own, with waits capped at 2 s. One warning is logged
 * when an outage begins and one info line when Redis answers again, naming the error's code only
 * (the URL may hold a password).
 *
 * The client is imported when the store is created and connects in the background: calls made
 * before it is ready use the local view.
 */
export function createRedisStore(options: RedisStoreOptions = {}): SharedStore {
  const now = options.now ?? Date.now;
  const local = createMemoryStore({ now });
  const prefix = options.keyPrefix ?? DEFAULT_KEY_PREFIX;
  const logger = options.logger;
  let client: RedisWithIncrement | undefined;
  let closed = false;
  /** True from the first failure until Redis is ready again: the warning is logged once per outage. */
  let outage = false;
  /** No command is sent before this time (epoch ms): see PAUSE_AFTER_FAILURE_MS. */
  let pausedUntil = 0;

  const noteFailure = (error: unknown) => {
    pausedUntil = now() + PAUSE_AFTER_FAILURE_MS;
    if (outage || closed) return;
    outage = true;
    logger?.warn(
      { store: "redis", reason: describeFailure(error) },
      "shared store unreachable: using this process's local view until it answers again",
    );
  };
  const noteReady = () => {
    pausedUntil = 0;
    if (!outage) return;
    outage = false;
    logger?.info({ store: "redis" }, "shared store reachable again");
  };

  const connecting = import("ioredis").then(({ Redis: RedisClient }) => {
    if (closed) return;
    const redisOptions: RedisOptions = {
      keyPrefix: prefix,
      commandTimeout: options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS,
      connectTimeout: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      autoResendUnfulfilledCommands: false,
      retryStrategy: (times) => Math.min(100 * 2 ** Math.min(times, 5), MAX_RECONNECT_DELAY_MS),
    };
    const created = new RedisClient(options.url ?? DEFAULT_REDIS_URL, redisOptions) as RedisWithIncrement;
    created.defineCommand("incrementInWindow", { numberOfKeys: 1, lua: INCREMENT_IN_WINDOW });
    // Without an error listener, ioredis's error events would crash the process.
    created.on("error", noteFailure);
    created.on("ready", noteReady);
    created.on("end", () => noteFailure({ code: "connection_ended" }));
    client = created;
  }, noteFailure);

  /** The client when it can take a command now; otherwise the caller uses the local view. */
  const ready = (): RedisWithIncrement | undefined =>
    client?.status === "ready" && now() >= pausedUntil ? client : undefined;

  return {
    async get(key) {
      const redis = ready();
      if (redis === undefined) return local.get(key);
      try {
        const value = await redis.get(key);
        return value ?? undefined;
      } catch (error) {
        noteFailure(error);
        return local.get(key);
      }
    },
    async set(key, value, ttlMs) {
      await local.set(key, value, ttlMs);
      const redis = ready();
      if (redis === undefined) return;
      const ttl = Math.ceil(ttlMs);
      try {
        if (ttl > 0) await redis.set(key, value, "PX", ttl);
        else await redis.del(key);
      } catch (error) {
        noteFailure(error);
      }
    },
    async increment(key, windowMs) {
      const redis = ready();
      if (redis === undefined) return local.increment(key, windowMs);
      try {
        return Number(await redis.incrementInWindow(key, Math.max(1, Math.ceil(windowMs))));
      } catch (error) {
        noteFailure(error);
        return local.increment(key, windowMs);
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await connecting;
      const redis = client;
      client = undefined;
      await local.close();
      if (redis === undefined) return;
      // QUIT lets pending replies arrive; when Redis is away, drop the socket instead of waiting.
      if (redis.status === "ready") await redis.quit().catch(() => redis.disconnect());
      else redis.disconnect();
    },
  };
}
