// A bench-only provider plugin: type "openai" built by the real OpenAI plugin's client factory with
// an injected fetch, so the runtime and the raw SDK read the very same canned stream.
import { createOpenAIProviderClient } from "../../plugins/openai/openai-client.js";
import type { OpenAIInstanceConfig } from "../../plugins/openai/openai-instance-config.js";
import { definePlugin } from "../../src/index.js";

let cannedFetch: typeof fetch = () => Promise.reject(new Error("bench: no canned fetch set"));

export function setCannedFetch(next: typeof fetch): void {
  cannedFetch = next;
}

export default definePlugin({
  name: "canned-openai",
  apiVersion: 2,
  optionsSchema: { type: "object", additionalProperties: false },
  setup(context) {
    context.registerProvider("openai", (instance) =>
      createOpenAIProviderClient(instance as OpenAIInstanceConfig, {
        fetch: (...args) => cannedFetch(...args),
      }),
    );
  },
});
