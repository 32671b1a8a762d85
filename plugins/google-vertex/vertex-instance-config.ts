import type { ProviderInstanceConfig } from "../../src/index.js";
import {
  GEMINI_ATTEMPT_PROPERTIES,
  GEMINI_TOOL_SCHEMA_PROPERTY,
  geminiApiVersionProperty,
} from "../google/google-instance-schema.js";

/** Defaults of the google-vertex type's options. */
export const VERTEX_DEFAULTS = {
  // Pinned, as the google type pins v1beta: the SDK's default may move with its major version.
  apiVersion: "v1beta1",
  // Vertex has no Files API: a request's files all go inline (same budget as the google type).
  inlineMaxBytes: 14_000_000,
} as const;

/** A provider entry of type `google-vertex`, as this plugin reads it. */
export interface VertexInstanceConfig extends ProviderInstanceConfig {
  /** The Google Cloud project id. */
  project: string;
  /** The region, e.g. `us-central1`, or `global`. */
  location: string;
  /** A credentials file (relative to the config file); default: Application Default Credentials. */
  credentialsFile?: string;
  apiVersion?: string;
  timeoutMs?: number;
  headers?: Record<string, string>;
  inlineMaxBytes?: number;
  toolSchema?: "auto" | "json-schema" | "openapi";
}

/** JSON Schema (draft-07) of a provider entry of type `google-vertex`. */
export const VERTEX_INSTANCE_SCHEMA = {
  type: "object",
  required: ["project", "location"],
  properties: {
    type: { const: "google-vertex" },
    name: { type: "string" },
    project: {
      type: "string",
      minLength: 1,
      description: "The Google Cloud project id that has Vertex AI enabled.",
    },
    location: {
      type: "string",
      pattern: "^[a-z0-9-]+$",
      description: "The Vertex AI region, e.g. us-central1 or europe-west4, or global.",
    },
    credentialsFile: {
      type: "string",
      minLength: 1,
      description:
        "A Google credentials JSON file (service account key, authorized user, or external account), relative to the config file. Default: Application Default Credentials (GOOGLE_APPLICATION_CREDENTIALS, gcloud auth application-default login, or the metadata server).",
    },
    baseURL: {
      type: "string",
      pattern: "^https?://",
      description:
        "The Vertex AI endpoint. Default: the SDK's, https://<location>-aiplatform.googleapis.com.",
    },
    apiVersion: geminiApiVersionProperty(
      VERTEX_DEFAULTS.apiVersion,
      "The Vertex AI API version in request paths (v1beta1, v1).",
    ),
    ...GEMINI_ATTEMPT_PROPERTIES,
    inlineMaxBytes: {
      type: "integer",
      minimum: 0,
      default: VERTEX_DEFAULTS.inlineMaxBytes,
      description:
        "Most bytes of files a request sends inline. Vertex AI has no Files API: a larger file is refused; put it in Cloud Storage and send its gs:// URI instead.",
    },
    toolSchema: GEMINI_TOOL_SCHEMA_PROPERTY,
  },
  additionalProperties: false,
} as const;
