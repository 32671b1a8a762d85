import { PROVIDER_ERROR_CODES, type ProviderErrorCode } from "../../src/index.js";

/** Options of the fallback plugin (`{ "use": "fallback", "options": {...} }`), defaults filled in. */
export interface FallbackOptions {
  /** Error kinds after which the chain moves on to its next target. */
  fallbackOn: ProviderErrorCode[];
}

/**
 * Transient or target-specific failures: another provider, account or model may well succeed.
 * Authentication, invalid-request, model-not-found and content-filter errors are left out: they
 * usually mean a mistake to fix, and a silent fallback would hide it.
 */
export const DEFAULT_FALLBACK_ON: readonly ProviderErrorCode[] = [
  "rate_limit",
  "quota_exhausted",
  "provider_unavailable",
  "timeout",
  "connection",
  "context_length",
  "response_too_large",
];

/** An abort is the caller's decision: it never moves the chain on. */
const FALLBACK_KINDS = PROVIDER_ERROR_CODES.filter((code) => code !== "aborted");

/** JSON Schema (draft-07) of the options; `schemas/fallback.options.schema.json` is written from it. */
export const FALLBACK_OPTIONS_SCHEMA = {
  $schema: "http://json-schema.org/draft-07/schema#",
  title: "fallback plugin options",
  description:
    "Moves a request to the next target of its client's chain (the client's fallbacks) when the current target fails with one of the listed error kinds and the retry plugin (if loaded) has given up on it.",
  type: "object",
  additionalProperties: false,
  properties: {
    fallbackOn: {
      type: "array",
      uniqueItems: true,
      maxItems: FALLBACK_KINDS.length,
      items: { enum: FALLBACK_KINDS },
      default: DEFAULT_FALLBACK_ON,
      description:
        "Error kinds that move the request to the next target. authentication, invalid_request, model_not_found, content_filter and provider_error are left out by default (they usually mean a mistake to fix); list them to fall back on those too.",
    },
  },
} as const;
