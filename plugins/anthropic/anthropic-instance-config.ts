import { INSTANCE_TIMEOUT_MS_SCHEMA, type ProviderInstanceConfig } from "../../src/index.js";

/**
 * `max_tokens` sent when neither the client's params nor the instance set one. Anthropic requires
 * the field on every call; 4096 fits every current Claude model's output limit and stays far
 * below the 21,333 above which the SDK refuses a non-streaming call that has no timeout.
 */
export const DEFAULT_ANTHROPIC_MAX_TOKENS = 4096;

/** Anthropic's API root; the SDK appends `/v1/messages`. */
export const DEFAULT_ANTHROPIC_BASE_URL = "https://api.anthropic.com";

/** A provider entry of type `anthropic`, as this plugin reads it. */
export interface AnthropicInstanceConfig extends ProviderInstanceConfig {
  /** Root URL of the API, without `/v1` (default `https://api.anthropic.com`). */
  baseURL?: string;
  /**
   * Per-attempt timeout in milliseconds: the whole call for `generate`, body included; the wait for
   * the response head for `stream` (the client's idleTimeoutMs and deadline bound the body).
   * Default: the SDK's 10 minutes, which bounds the response head only.
   */
  timeoutMs?: number;
  /** `max_tokens` when the client's params set none (default 4096). */
  maxTokens?: number;
  /** Headers sent with every request (an `anthropic-beta` flag, a gateway's own header); the config's `headers` key. */
  headers?: Record<string, string>;
}

/** JSON Schema (draft-07) of a provider entry of type `anthropic`. */
export const ANTHROPIC_INSTANCE_SCHEMA = {
  type: "object",
  properties: {
    type: { const: "anthropic" },
    name: { type: "string" },
    apiKey: { type: "string", minLength: 1 },
    baseURL: { type: "string", pattern: "^https?://" },
    timeoutMs: INSTANCE_TIMEOUT_MS_SCHEMA,
    maxTokens: {
      type: "integer",
      minimum: 1,
      default: DEFAULT_ANTHROPIC_MAX_TOKENS,
      description:
        "max_tokens sent when the client's params set none (Anthropic requires it on every call). Default 4096.",
    },
    headers: {
      type: "object",
      additionalProperties: { type: "string" },
      description:
        "Headers sent with every request: an anthropic-beta flag, a gateway's header, or anthropic-version: 2023-06-01 to keep temperature, top_p and top_k (API version 2026-10-21, which SDK 1.14 sends, refuses them).",
    },
  },
  additionalProperties: false,
} as const;
