import type { ProviderInstanceConfig } from "../../src/index.js";

/** Acme's public endpoint; the client appends `/v1/chat`. */
export const DEFAULT_ACME_BASE_URL = "https://api.acme.example";

/** Per-attempt timeout when the instance sets none, in milliseconds. */
export const DEFAULT_ACME_TIMEOUT_MS = 60_000;

/** A provider entry of type `acme`, as this plugin reads it. */
export interface AcmeInstanceConfig extends ProviderInstanceConfig {
  /** Root URL of the API, without `/v1` (default `https://api.acme.example`). */
  baseURL?: string;
  /** Per-attempt timeout in milliseconds (default 60000). */
  timeoutMs?: number;
}

/**
 * JSON Schema (draft-07) of an `acme` entry under `providers`, checked when the runtime starts.
 * The kernel validates a copy: the `default`s document the values; the client applies them itself.
 */
export const ACME_INSTANCE_SCHEMA = {
  type: "object",
  additionalProperties: false,
  properties: {
    type: { const: "acme", description: "The provider type this plugin registers." },
    apiKey: {
      type: "string",
      minLength: 1,
      description: "The Acme API key; defaults to the ACME_API_KEY environment variable.",
    },
    baseURL: {
      type: "string",
      pattern: "^https?://",
      default: DEFAULT_ACME_BASE_URL,
      description: "Root URL of the API, without /v1.",
    },
    timeoutMs: {
      type: "integer",
      minimum: 1,
      default: DEFAULT_ACME_TIMEOUT_MS,
      description: "Timeout of one attempt in milliseconds.",
    },
  },
} as const;
