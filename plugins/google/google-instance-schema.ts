import { INSTANCE_TIMEOUT_MS_SCHEMA } from "../../src/index.js";
import { GOOGLE_DEFAULTS } from "./google-client.js";
import { GOOGLE_PROVIDER_TYPE } from "./google-thought-signatures.js";

/**
 * The instance keys the `google` and `google-vertex` types read alike (one definition, so the two
 * schemas cannot drift): the per-attempt timeout, extra headers, and the tool-schema mode.
 */
export const GEMINI_ATTEMPT_PROPERTIES = {
  timeoutMs: INSTANCE_TIMEOUT_MS_SCHEMA,
  headers: { type: "object", additionalProperties: { type: "string" } },
} as const;

/** See `GEMINI_ATTEMPT_PROPERTIES`. */
export const GEMINI_TOOL_SCHEMA_PROPERTY = {
  enum: ["auto", "json-schema", "openapi"],
  default: "auto",
  description:
    "Tool parameters as parametersJsonSchema (json-schema) or Gemini's OpenAPI subset (openapi); auto picks by apiVersion.",
} as const;

/** The API version in request paths (v1beta, v1, v1beta1, v1alpha), with each type's default and text. */
export function geminiApiVersionProperty<Default extends string, Description extends string>(
  defaultVersion: Default,
  description: Description,
) {
  return {
    type: "string",
    pattern: "^v[0-9]+(alpha|beta)?[0-9]*$",
    default: defaultVersion,
    description,
  } as const;
}

/** JSON Schema of a `google` provider entry in the config. */
export const googleInstanceSchema = {
  type: "object",
  properties: {
    type: { const: GOOGLE_PROVIDER_TYPE },
    apiKey: { type: "string", minLength: 1, description: "Defaults to GEMINI_API_KEY, then GOOGLE_API_KEY." },
    baseURL: { type: "string", minLength: 1, default: GOOGLE_DEFAULTS.baseURL },
    apiVersion: geminiApiVersionProperty(
      GOOGLE_DEFAULTS.apiVersion,
      "The Gemini API version in request paths (v1beta, v1, v1alpha).",
    ),
    ...GEMINI_ATTEMPT_PROPERTIES,
    inlineMaxBytes: {
      type: "integer",
      minimum: 0,
      default: GOOGLE_DEFAULTS.inlineMaxBytes,
      description:
        "Files are sent inline while a request's inline total stays within this many bytes; larger ones go through the Files API.",
    },
    toolSchema: GEMINI_TOOL_SCHEMA_PROPERTY,
  },
  additionalProperties: false,
} as const;
