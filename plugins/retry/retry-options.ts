import { PROVIDER_ERROR_CODES, type ProviderErrorCode } from "../../src/index.js";
import type { BackoffPolicy } from "./compute-retry-delay.js";

/** Options of the retry plugin (`{ "use": "retry", "options": {...} }`), defaults filled in. */
export interface RetryOptions extends BackoffPolicy {
  /** Retries per target for a retryable error whose kind has no entry in `retries`. */
  maxRetries: number;
  /** Retries per target by error kind, overriding `maxRetries` for that kind. */
  retries: Partial<Record<ProviderErrorCode, number>>;
}

const TEN_MINUTES_MS = 600_000;

/** An abort is the caller's decision, never a failure to retry. */
const RETRY_KINDS = PROVIDER_ERROR_CODES.filter((code) => code !== "aborted");

const retryCount = (description: string) => ({ type: "integer", minimum: 0, maximum: 10, description });

const delay = (description: string, defaultMs: number) => ({
  type: "integer",
  minimum: 0,
  maximum: TEN_MINUTES_MS,
  default: defaultMs,
  description,
});

/** JSON Schema (draft-07) of the options; `schemas/retry.options.schema.json` is written from it. */
export const RETRY_OPTIONS_SCHEMA = {
  $schema: "http://json-schema.org/draft-07/schema#",
  title: "retry plugin options",
  description:
    "Retries a failed provider call on the same target with exponential backoff and jitter. Only errors the provider marks retryable (rate limit, unavailable or overloaded, timeout, connection, or a server's x-should-retry: true) are retried.",
  type: "object",
  additionalProperties: false,
  properties: {
    maxRetries: {
      ...retryCount(
        "Retries per target after the first call, for an error kind without an entry in retries.",
      ),
      default: 1,
    },
    initialDelayMs: delay("Backoff before the first retry of a target, in milliseconds.", 1000),
    backoffFactor: {
      type: "number",
      minimum: 1,
      maximum: 10,
      default: 2,
      description: "Each further retry of the same target waits this many times longer than the one before.",
    },
    maxDelayMs: delay(
      "Cap on the backoff delay, in milliseconds (a provider's own delay may exceed it).",
      8000,
    ),
    jitter: {
      type: "number",
      minimum: 0,
      maximum: 1,
      default: 0.5,
      description:
        "Share of each backoff delay drawn at random, so clients that failed together do not retry together: 0 = none, 1 = anywhere from 0 to the delay.",
    },
    maxRetryAfterMs: delay(
      "Longest wait a provider may ask for (retry-after, retryDelay), in milliseconds. A longer one is not waited for: the target gives up at once so a fallback can act.",
      60_000,
    ),
    retries: {
      type: "object",
      additionalProperties: false,
      default: {},
      description:
        'Retries per target by error kind, overriding maxRetries for that kind, e.g. { "rate_limit": 3, "timeout": 2 }. An error the provider marks not retryable is never retried, whatever its count.',
      properties: Object.fromEntries(
        RETRY_KINDS.map((kind) => [
          kind,
          retryCount(`Retries per target for ${kind} errors (default: maxRetries).`),
        ]),
      ),
    },
  },
} as const;
