import { definePlugin, type ErrorDecision } from "../../src/index.js";
import { decideFallback } from "./decide-fallback.js";
import { FALLBACK_OPTIONS_SCHEMA, type FallbackOptions } from "./fallback-options.js";

export { decideFallback, type FallbackVerdict } from "./decide-fallback.js";
export { DEFAULT_FALLBACK_ON, FALLBACK_OPTIONS_SCHEMA, type FallbackOptions } from "./fallback-options.js";

/**
 * Taps onError at stage "fallback" only: moves the request to the next target of the client's
 * chain for the configured error kinds, and logs one warn line per fallback (metadata, never the
 * provider's message). Returning nothing lets the kernel fail with every attempt recorded.
 */
export default definePlugin<FallbackOptions>({
  name: "fallback",
  apiVersion: 2,
  optionsSchema: FALLBACK_OPTIONS_SCHEMA,
  setup(plugin, options) {
    plugin.hooks.onError.tap({ stage: "fallback" }, (error, context): ErrorDecision | undefined => {
      const verdict = decideFallback(error, context, options);
      if (verdict.action === "stay") return undefined;
      context.logger.warn(
        {
          plugin: "fallback",
          provider: context.target.provider,
          model: context.target.model,
          errorCode: error.code,
          status: error.status,
          nextProvider: verdict.next.provider,
          nextModel: verdict.next.model,
        },
        "falling back to the next target",
      );
      return { action: "fallback" };
    });
  },
});
