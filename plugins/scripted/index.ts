import { definePlugin } from "../../src/index.js";
import { ScriptedProviderClient } from "./scripted-client.js";
import { SCRIPTED_RULE_SCHEMA } from "./scripted-rule.js";

export { ScriptedProviderClient, type ScriptedRequestRecord } from "./scripted-client.js";
export type {
  ScriptedError,
  ScriptedMatch,
  ScriptedReply,
  ScriptedRule,
  ScriptedToolCall,
} from "./scripted-rule.js";

/** Registers provider type `scripted`: a rule-based provider with no network, for tests and examples. */
export default definePlugin({
  name: "scripted",
  apiVersion: 2,
  optionsSchema: { type: "object", additionalProperties: false, properties: {} },
  setup(context) {
    context.registerProvider("scripted", (instance) => new ScriptedProviderClient(instance), {
      requiresApiKey: false,
      instanceSchema: {
        type: "object",
        additionalProperties: false,
        properties: {
          type: { const: "scripted" },
          rules: { type: "array", items: SCRIPTED_RULE_SCHEMA, description: "Rules, first match wins." },
        },
      },
    });
  },
});
