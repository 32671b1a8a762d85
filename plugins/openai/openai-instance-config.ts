import { INSTANCE_TIMEOUT_MS_SCHEMA, type ProviderInstanceConfig } from "../../src/index.js";

/** OpenAI's API root, `/v1` included; the SDK appends `/chat/completions`. */
export const DEFAULT_OPENAI_BASE_URL = "https://api.openai.com/v1";

/** A provider entry of type `openai` (OpenAI itself, or any OpenAI-compatible server), as this plugin reads it. */
export interface OpenAIInstanceConfig extends ProviderInstanceConfig {
  /** API root with its version path, e.g. `http://127.0.0.1:11434/v1` (default `https://api.openai.com/v1`). */
  baseURL?: string;
  /** Sent as `OpenAI-Organization`. */
  organization?: string;
  /** Sent as `OpenAI-Project`. */
  project?: string;
  /**
   * Per-attempt timeout in milliseconds: the whole call for `generate`, body included; the wait for
   * the response head for `stream` (the client's idleTimeoutMs and deadline bound the body).
   * Default: the SDK's 10 minutes, which bounds the response head only.
   */
  timeoutMs?: number;
  /** Headers sent with every request (a gateway's own header, OpenRouter's `HTTP-Referer`); the config's `headers` key. */
  headers?: Record<string, string>;
  /**
   * Whether a stream asks for usage (`stream_options: { include_usage: true }`, default true). Set
   * false for a compatible server that rejects `stream_options` (Groq); its streams then report
   * the usage the server puts on its chunks, or zeros.
   */
  streamUsage?: boolean;
}

/**
 * The keys every provider type served by the `openai` SDK reads alike (`openai`, `azure-openai`):
 * one definition, so their schemas and docs cannot drift.
 */
export const OPENAI_ATTEMPT_PROPERTIES = {
  timeoutMs: INSTANCE_TIMEOUT_MS_SCHEMA,
  headers: { type: "object", additionalProperties: { type: "string" } },
} as const;

/** JSON Schema (draft-07) of a provider entry of type `openai`. */
export const OPENAI_INSTANCE_SCHEMA = {
  type: "object",
  properties: {
    type: { const: "openai" },
    name: { type: "string" },
    apiKey: { type: "string", minLength: 1 },
    baseURL: { type: "string", pattern: "^https?://" },
    organization: {
      type: "string",
      minLength: 1,
      description: "OpenAI organization id, sent as OpenAI-Organization.",
    },
    project: { type: "string", minLength: 1, description: "OpenAI project id, sent as OpenAI-Project." },
    ...OPENAI_ATTEMPT_PROPERTIES,
    streamUsage: {
      type: "boolean",
      default: true,
      description:
        "Whether a stream asks for usage (stream_options.include_usage). Set false for a compatible server that rejects stream_options (Groq).",
    },
  },
  additionalProperties: false,
} as const;
