import { definePlugin, type ErrorDecision } from "../../src/index.js";
import { decideRetry, type RetryEnvironment } from "./decide-retry.js";
import { RETRY_OPTIONS_SCHEMA, type RetryOptions } from "./retry-options.js";

export {
  type BackoffPolicy,
  computeRetryDelay,
  type RetryDelay,
  type RetryDelayInput,
} from "./compute-retry-delay.js";
export { decideRetry, type RetryEnvironment, type RetryVerdict } from "./decide-retry.js";
export { RETRY_OPTIONS_SCHEMA, type RetryOptions } from "./retry-options.js";

/**
 * The retry plugin, with its clock and random source injected for unit tests; without them (the
 * default export) it uses the runtime's (`createRuntime({ now, random })`). It only taps onError at stage "retry": a retryable failure is
 * retried on the same target; anything else is left to the next tap (fallback) by returning nothing.
 */
export function createRetryPlugin(environment: Partial<RetryEnvironment> = {}) {
  return definePlugin<RetryOptions>({
    name: "retry",
    apiVersion: 2,
    optionsSchema: RETRY_OPTIONS_SCHEMA,
    setup(plugin, options) {
      const { now = plugin.now, random = plugin.random } = environment;
      plugin.hooks.onError.tap({ stage: "retry" }, (error, context): ErrorDecision | undefined => {
        const verdict = decideRetry(error, context, options, { now, random });
        const { provider, model } = context.target;
        const fields = { plugin: "retry", provider, model, errorCode: error.code, status: error.status };
        if (verdict.action === "retry") {
          context.logger.debug(
            { ...fields, delayMs: verdict.delayMs, retry: verdict.retryNumber },
            "retrying",
          );
          return { action: "retry", delayMs: verdict.delayMs };
        }
        if (verdict.reason === "retry_after_above_cap" || verdict.reason === "past_deadline") {
          context.logger.info(
            { ...fields, reason: verdict.reason, delayMs: verdict.delayMs },
            "not retrying",
          );
        }
        return undefined;
      });
    },
  });
}

export default createRetryPlugin();
