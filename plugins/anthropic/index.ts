/**
 * The Anthropic provider plugin: registers provider type `anthropic`, served by the official
 * `@anthropic-ai/sdk` over the Messages API (`POST /v1/messages`), with and without streaming.
 */
import { definePlugin } from "../../src/index.js";
import { createAnthropicProviderClient } from "./anthropic-client.js";
import { ANTHROPIC_INSTANCE_SCHEMA, type AnthropicInstanceConfig } from "./anthropic-instance-config.js";
import { ANTHROPIC_NATIVE_PARAMS } from "./anthropic-params.js";
import { ANTHROPIC_TOOL_CALL_IDS } from "./anthropic-tool-call-id.js";
import { ANTHROPIC_PROVIDER_TYPE } from "./anthropic-turn-extension.js";

export {
  ANTHROPIC_TOOL_CALL_IDS,
  isValidAnthropicToolCallId,
  toAnthropicToolCallId,
} from "./anthropic-tool-call-id.js";

export default definePlugin({
  name: "anthropic",
  apiVersion: 2,
  optionsSchema: { type: "object", properties: {}, additionalProperties: false },
  setup(context) {
    context.registerProvider(
      ANTHROPIC_PROVIDER_TYPE,
      (instance, environment) =>
        createAnthropicProviderClient(instance as AnthropicInstanceConfig, { fetch: environment?.fetch }),
      {
        instanceSchema: ANTHROPIC_INSTANCE_SCHEMA,
        apiKeyEnv: ["ANTHROPIC_API_KEY"],
        nativeParams: ANTHROPIC_NATIVE_PARAMS,
        toolCallIds: ANTHROPIC_TOOL_CALL_IDS,
      },
    );
  },
});
