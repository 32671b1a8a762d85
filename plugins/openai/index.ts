/**
 * The OpenAI provider plugin: registers provider type `openai`, served by the official `openai`
 * SDK over Chat Completions (`POST /v1/chat/completions`). The same type serves OpenAI-compatible
 * servers (Ollama, vLLM, Groq, OpenRouter, DeepSeek) through `baseURL`, streaming included.
 */
import { definePlugin } from "../../src/index.js";
import { createOpenAIProviderClient } from "./openai-client.js";
import { OPENAI_INSTANCE_SCHEMA, type OpenAIInstanceConfig } from "./openai-instance-config.js";
import { OPENAI_TOOL_CALL_IDS } from "./openai-tool-call-id.js";

export { OPENAI_TOOL_CALL_IDS, toOpenAIToolCallId } from "./openai-tool-call-id.js";

export default definePlugin({
  name: "openai",
  apiVersion: 2,
  optionsSchema: { type: "object", properties: {}, additionalProperties: false },
  setup(context) {
    context.registerProvider(
      "openai",
      (instance, environment) =>
        createOpenAIProviderClient(instance as OpenAIInstanceConfig, { fetch: environment?.fetch }),
      {
        instanceSchema: OPENAI_INSTANCE_SCHEMA,
        apiKeyEnv: ["OPENAI_API_KEY"],
        toolCallIds: OPENAI_TOOL_CALL_IDS,
      },
    );
  },
});
