import type { SharedStore } from "../store/shared-store.js";
import type { Caller } from "./key-ring.js";
import { OpenAIHttpError } from "./openai-error.js";

const MINUTE_MS = 60_000;

/**
 * Requests per minute per key, counted in the shared store so every gateway instance on one store
 * sees the same count (while Redis is unreachable, the Redis store counts in this process alone). Windows are whole clock minutes, so `retry-after` is exact: the seconds
 * left until the next minute starts.
 */
export class KeyRateLimit {
  constructor(
    private readonly store: SharedStore,
    private readonly now: () => number,
  ) {}

  /** Counts one request of the caller; a 429 with `retry-after` when it is over its limit. */
  async admit(caller: Caller): Promise<Record<string, string>> {
    const limit = caller.key?.requestsPerMinute;
    if (caller.key === undefined || limit === undefined) return {};
    const now = this.now();
    const window = Math.floor(now / MINUTE_MS);
    const count = await this.store.increment(`gateway:rpm:${caller.key.name}:${window}`, MINUTE_MS);
    const headers = {
      "x-ratelimit-limit-requests": String(limit),
      "x-ratelimit-remaining-requests": String(Math.max(0, limit - count)),
    };
    if (count <= limit) return headers;
    const retryAfter = Math.max(1, Math.ceil(((window + 1) * MINUTE_MS - now) / 1000));
    throw new OpenAIHttpError({
      status: 429,
      type: "rate_limit_error",
      code: "rate_limit_exceeded",
      message: `key "${caller.key.name}" made more than ${limit} requests this minute (fix: wait ${retryAfter} s, or raise its requestsPerMinute in server.keys)`,
      headers: { ...headers, "retry-after": String(retryAfter) },
    });
  }
}
