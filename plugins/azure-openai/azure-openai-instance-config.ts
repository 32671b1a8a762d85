import type { ProviderInstanceConfig } from "../../src/index.js";
import { OPENAI_ATTEMPT_PROPERTIES, type OpenAIInstanceConfig } from "../openai/openai-instance-config.js";

/** A provider entry of type `azure-openai`, as this plugin reads it. */
export interface AzureOpenAIInstanceConfig
  extends ProviderInstanceConfig,
    Pick<OpenAIInstanceConfig, "timeoutMs" | "headers"> {
  /** The resource's endpoint, e.g. `https://my-resource.openai.azure.com`; `/openai` is appended. */
  endpoint: string;
  /** Sent as the `api-version` query parameter of every request, e.g. `2024-10-21`. */
  apiVersion: string;
  /** The deployment every request goes to; without it, the client's model names the deployment. */
  deployment?: string;
  /**
   * Path of an ES module (relative to the config file) whose default export returns a Microsoft
   * Entra ID access token, e.g. `@azure/identity`'s `getBearerTokenProvider`. Instead of `apiKey`.
   */
  tokenProvider?: string;
  /** Whether a stream asks for usage (`stream_options.include_usage`, default true). */
  streamUsage?: boolean;
}

/** JSON Schema (draft-07) of a provider entry of type `azure-openai`. */
export const AZURE_OPENAI_INSTANCE_SCHEMA = {
  type: "object",
  required: ["endpoint", "apiVersion"],
  properties: {
    type: { const: "azure-openai" },
    name: { type: "string" },
    endpoint: {
      type: "string",
      pattern: "^https?://",
      description:
        "The Azure OpenAI resource's endpoint, e.g. https://my-resource.openai.azure.com (requests go to <endpoint>/openai/deployments/<deployment>/chat/completions).",
    },
    apiVersion: {
      type: "string",
      pattern: "^\\d{4}-\\d{2}-\\d{2}(-preview)?$",
      description: "The Azure OpenAI API version, sent as the api-version query parameter, e.g. 2024-10-21.",
    },
    deployment: {
      type: "string",
      minLength: 1,
      description: "The model deployment to call. Default: the client's model is the deployment's name.",
    },
    apiKey: {
      type: "string",
      minLength: 1,
      description:
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the text shows the user the ${NAME} syntax
        'The resource key, sent as the api-key header. Write "${AZURE_OPENAI_API_KEY}"; give it or tokenProvider, not both.',
    },
    tokenProvider: {
      type: "string",
      minLength: 1,
      description:
        "Microsoft Entra ID instead of a key: the path (relative to the config file) of an ES module whose default export returns an access token for https://cognitiveservices.azure.com/.default, e.g. made with @azure/identity's getBearerTokenProvider. Called before each request; sent as Authorization: Bearer.",
    },
    ...OPENAI_ATTEMPT_PROPERTIES,
    streamUsage: {
      type: "boolean",
      default: true,
      description:
        "Whether a stream asks for usage (stream_options.include_usage; api-version 2024-10-21 and later).",
    },
  },
  additionalProperties: false,
} as const;
