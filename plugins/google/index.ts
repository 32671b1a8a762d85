import { definePlugin } from "../../src/index.js";
import { createGoogleProviderFactory, GOOGLE_DEFAULTS } from "./google-client.js";
import { GOOGLE_PROVIDER_TYPE } from "./google-thought-signatures.js";
import { GOOGLE_TOOL_CALL_IDS } from "./google-tool-call-id.js";
import { GOOGLE_NATIVE_PARAMS } from "./map-google-params.js";

export { GOOGLE_TOOL_CALL_IDS } from "./google-tool-call-id.js";

/** JSON Schema of a `google` provider entry in the config. */
export const googleInstanceSchema = {
  type: "object",
  properties: {
    type: { const: GOOGLE_PROVIDER_TYPE },
    apiKey: { type: "string", minLength: 1, description: "Defaults to GEMINI_API_KEY, then GOOGLE_API_KEY." },
    baseURL: { type: "string", minLength: 1, default: GOOGLE_DEFAULTS.baseURL },
    apiVersion: {
      type: "string",
      pattern: "^v[0-9]+(alpha|beta)?[0-9]*$",
      default: GOOGLE_DEFAULTS.apiVersion,
      description: "The Gemini API version in request paths (v1beta, v1, v1alpha).",
    },
    timeoutMs: {
      type: "integer",
      minimum: 1,
      description:
        "Per-attempt timeout in milliseconds. For a stream it bounds the wait for the response head; the client's idleTimeoutMs and deadline bound the body.",
    },
    headers: { type: "object", additionalProperties: { type: "string" } },
    inlineMaxBytes: {
      type: "integer",
      minimum: 0,
      default: GOOGLE_DEFAULTS.inlineMaxBytes,
      description:
        "Files are sent inline while a request's inline total stays within this many bytes; larger ones go through the Files API.",
    },
    toolSchema: {
      enum: ["auto", "json-schema", "openapi"],
      default: "auto",
      description:
        "Tool parameters as parametersJsonSchema (json-schema) or Gemini's OpenAPI subset (openapi); auto picks by apiVersion.",
    },
  },
  additionalProperties: false,
} as const;

/** The Google Gemini provider, type `google`, through @google/genai (imported only when an instance is built). */
export default definePlugin({
  name: "google",
  apiVersion: 1,
  optionsSchema: { type: "object", properties: {}, additionalProperties: false },
  setup(context) {
    context.registerProvider(GOOGLE_PROVIDER_TYPE, createGoogleProviderFactory(), {
      instanceSchema: googleInstanceSchema,
      apiKeyEnv: ["GEMINI_API_KEY", "GOOGLE_API_KEY"],
      nativeParams: GOOGLE_NATIVE_PARAMS,
      toolCallIds: GOOGLE_TOOL_CALL_IDS,
    });
  },
});
