/**
 * An example provider plugin for Acme Chat, a made-up HTTP API: it registers provider type `acme`.
 * Streaming is left out (the kernel then streams the finished output as events), and so is
 * formatUserMessageWithFile (the kernel's own reader is used).
 */
import { definePlugin } from "../../src/index.js";
import { type AcmeClientDependencies, createAcmeProviderClient } from "./acme-client.js";
import { ACME_INSTANCE_SCHEMA, type AcmeInstanceConfig } from "./acme-instance-config.js";

/**
 * The plugin, with a fetch of its own for tests. Without one it uses the fetch the runtime gives
 * each provider factory: `createRuntime({ fetch })` (or the global fetch) under the runtime's
 * guard, which follows no redirect and caps the size of an answer.
 */
export function createAcmePlugin(dependencies: Partial<AcmeClientDependencies> = {}) {
  return definePlugin({
    name: "acme",
    apiVersion: 2,
    optionsSchema: { type: "object", properties: {}, additionalProperties: false },
    setup(context) {
      context.registerProvider(
        "acme",
        (instance, environment) =>
          createAcmeProviderClient(instance as AcmeInstanceConfig, {
            fetch: dependencies.fetch ?? environment.fetch,
          }),
        { instanceSchema: ACME_INSTANCE_SCHEMA, apiKeyEnv: ["ACME_API_KEY"] },
      );
    },
  });
}

export default createAcmePlugin();
