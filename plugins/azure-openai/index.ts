/**
 * The Azure OpenAI provider plugin: registers provider type `azure-openai`, served by the `openai`
 * SDK's AzureOpenAI client over a resource's deployments
 * (`POST <endpoint>/openai/deployments/<deployment>/chat/completions?api-version=...`). Requests,
 * replies and streams are converted by the OpenAI plugin's converters; Azure's content filter and
 * its own errors are mapped here.
 */
import { definePlugin } from "../../src/index.js";
import { createAzureOpenAIProviderClient } from "./azure-openai-client.js";
import {
  AZURE_OPENAI_INSTANCE_SCHEMA,
  type AzureOpenAIInstanceConfig,
} from "./azure-openai-instance-config.js";

export default definePlugin({
  name: "azure-openai",
  apiVersion: 2,
  optionsSchema: { type: "object", properties: {}, additionalProperties: false },
  setup(context) {
    context.registerProvider(
      "azure-openai",
      (instance, environment) =>
        createAzureOpenAIProviderClient(instance as AzureOpenAIInstanceConfig, {
          baseDir: context.baseDir,
          fetch: environment?.fetch,
        }),
      {
        instanceSchema: AZURE_OPENAI_INSTANCE_SCHEMA,
        // A key or a tokenProvider: the factory checks that exactly one is given.
        requiresApiKey: false,
      },
    );
  },
});
