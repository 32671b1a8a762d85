import type { CircuitPolicy } from "./target-circuit.js";

/**
 * Options of the health plugin (`{ "use": "health", "options": {...} }`), defaults filled in: the
 * breaker settings of every target, then the plugin's own.
 */
export interface HealthOptions extends CircuitPolicy {
  whenAllCooling: "fail" | "try-earliest";
  retryBudgetRatio: number;
  retryBudgetMinRetries: number;
  retryBudgetWindowMs: number;
  maxConcurrentPerInstance: number;
  maxQueuedPerInstance: number;
  store: "memory" | "redis";
  redisUrl: string;
  namespace: string;
  syncIntervalMs: number;
  redisCommandTimeoutMs: number;
}

const ONE_HOUR_MS = 3_600_000;

const duration = (description: string, defaultMs: number, minimum = 1) => ({
  type: "integer",
  minimum,
  maximum: ONE_HOUR_MS,
  default: defaultMs,
  description,
});

const count = (description: string, defaultCount: number, minimum: number, maximum: number) => ({
  type: "integer",
  minimum,
  maximum,
  default: defaultCount,
  description,
});

/** JSON Schema (draft-07) of the options; `schemas/health.options.schema.json` is written from it. */
export const HEALTH_OPTIONS_SCHEMA = {
  $schema: "http://json-schema.org/draft-07/schema#",
  title: "health plugin options",
  description:
    "Remembers provider health across requests, and across processes through Redis: a target (provider instance and model) whose calls keep failing with retryable errors (rate limit, unavailable or overloaded, timeout, connection), or that answers 429 with a Retry-After, cools down and is skipped without a call until it reopens; then one probe request is let through. Errors that say the request itself is wrong (authentication, invalid request, context length, quota) never cool a target down. It also caps how many retries a target's requests may add (a retry budget) and, optionally, how many calls run at once per provider instance (a bulkhead).",
  type: "object",
  additionalProperties: false,
  properties: {
    consecutiveFailures: count(
      "Retryable failures in a row (no success between them) after which a target cools down.",
      5,
      1,
      1000,
    ),
    failureRateThreshold: {
      type: "number",
      exclusiveMinimum: 0,
      maximum: 1,
      default: 0.5,
      description:
        "Share of a target's calls within failureWindowMs that, once failing with retryable errors, cools the target down (needs at least minCallsInWindow calls in the window).",
    },
    minCallsInWindow: count(
      "Calls a target must have had within failureWindowMs before its failure rate can cool it down.",
      20,
      1,
      100_000,
    ),
    failureWindowMs: duration("The window the failure rate is measured over, in milliseconds.", 30_000, 100),
    cooldownMs: duration(
      "How long a target cools down the first time its failures open its circuit, in milliseconds.",
      30_000,
    ),
    cooldownBackoffFactor: {
      type: "number",
      minimum: 1,
      maximum: 10,
      default: 2,
      description:
        "When the probe after a cooldown fails too, the next cooldown is this many times longer (up to maxCooldownMs); a successful probe resets it.",
    },
    maxCooldownMs: duration(
      "Longest cooldown, in milliseconds: caps the backoff and a provider's Retry-After (a 429 asking for longer cools the target for this long).",
      300_000,
    ),
    whenAllCooling: {
      enum: ["fail", "try-earliest"],
      default: "fail",
      description:
        'When every remaining target of a chain is cooling down: "fail" fails the request at once with ProviderUnavailableError, whose retryAfterMs says when the first target reopens; "try-earliest" sends it to the target that reopens first instead.',
    },
    retryBudgetRatio: {
      type: "number",
      minimum: 0,
      maximum: 10,
      default: 0.2,
      description:
        "Retries may add at most this share of a target's requests within retryBudgetWindowMs (Envoy's retry budget): 0.2 means at most 1 retry per 5 requests. Past it, a failure is not retried on that target; the request falls back to the next target, or fails.",
    },
    retryBudgetMinRetries: count(
      "Retries a target may always have within retryBudgetWindowMs, whatever its traffic, so a quiet target can still retry.",
      3,
      0,
      100_000,
    ),
    retryBudgetWindowMs: duration("The window of the retry budget, in milliseconds.", 10_000, 100),
    maxConcurrentPerInstance: count(
      "Calls that may run at once per provider instance (a bulkhead); 0 means no limit.",
      0,
      0,
      100_000,
    ),
    maxQueuedPerInstance: count(
      "With maxConcurrentPerInstance, attempts that may wait for a free slot; one more fails at once with BulkheadRejectedError. A waiting attempt leaves the queue when its request is aborted or times out.",
      0,
      0,
      100_000,
    ),
    store: {
      enum: ["memory", "redis"],
      default: "memory",
      description:
        'Where cooldowns are kept: "memory" (this process only) or "redis" (shared by every process pointed at the same Redis and namespace).',
    },
    redisUrl: {
      type: "string",
      pattern: "^rediss?://",
      default: "redis://127.0.0.1:6379",
      description:
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the text shows the user the ${NAME} syntax
        'With store "redis": the Redis to share cooldowns through, redis://[[user]:password@]host[:port][/db] (rediss:// for TLS). Write "${REDIS_URL}" to take it from the environment.',
    },
    namespace: {
      type: "string",
      pattern: "^[A-Za-z0-9_.:-]{1,100}$",
      default: "llm-runtime",
      description:
        "Put before every key this plugin writes, so several applications or configs can share one Redis without sharing cooldowns: give each config whose provider instance names mean other accounts its own.",
    },
    syncIntervalMs: duration(
      'With store "redis": how often the cooldowns other processes set are read, in milliseconds. A cooldown one process learns reaches the others within about this long.',
      1000,
      50,
    ),
    redisCommandTimeoutMs: duration(
      'With store "redis": longest wait for one Redis command, in milliseconds. A request never waits for Redis: while it is down or slow, each process uses its own view and logs one warning per outage.',
      250,
      10,
    ),
  },
} as const;
