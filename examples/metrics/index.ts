/**
 * An example observer plugin: provider calls, failures by error code, latency and tokens per
 * provider instance. The application reads them with `getMetricsSnapshot(name)`; with
 * `logIntervalMs`, the plugin also logs the snapshot at info level that often.
 */
import { definePlugin, HOOK_STAGES } from "../../src/index.js";
import { MetricsCollector } from "./metrics-collector.js";
import { registerCollector } from "./metrics-registry.js";

export type { LatencySummary, MetricsSnapshot, ProviderMetrics } from "./metrics-collector.js";
export { getMetricsSnapshot } from "./metrics-registry.js";

export interface MetricsOptions {
  name: string;
  latencySamples: number;
  logIntervalMs?: number;
}

export const METRICS_OPTIONS_SCHEMA = {
  type: "object",
  additionalProperties: false,
  properties: {
    name: {
      type: "string",
      minLength: 1,
      default: "default",
      description: "The name the application reads the numbers under: getMetricsSnapshot(name).",
    },
    latencySamples: {
      type: "integer",
      minimum: 1,
      maximum: 100000,
      default: 1000,
      description: "Latency percentiles cover this many of the latest calls per provider.",
    },
    logIntervalMs: {
      type: "integer",
      minimum: 100,
      description: "Log the snapshot at info level this often, in milliseconds. Default: never.",
    },
  },
} as const;

export default definePlugin<MetricsOptions>({
  name: "metrics",
  apiVersion: 1,
  optionsSchema: METRICS_OPTIONS_SCHEMA,
  setup(context, options) {
    const collector = new MetricsCollector(options.latencySamples);
    context.onClose(registerCollector(options.name, collector));
    // onError is a bail hook: a tap after retry or fallback would see only the final failure.
    // Tapping at the earliest stage and returning nothing sees every failed call, deciding nothing.
    context.hooks.onError.tap({ stage: HOOK_STAGES.translate - 1 }, (_error, requestContext) => {
      const record = requestContext.attempts[requestContext.attempts.length - 1];
      if (record) collector.recordAttempt(record);
      return undefined;
    });
    context.hooks.afterResponse.tap({ stage: "observe" }, (output) => {
      const record = output.attempts[output.attempts.length - 1];
      if (record) collector.recordAttempt(record, output.usage);
      return undefined;
    });
    if (options.logIntervalMs !== undefined) {
      const timer = setInterval(
        () => context.logger.info({ metrics: collector.snapshot() }, "metrics"),
        options.logIntervalMs,
      );
      timer.unref();
      context.onClose(() => clearInterval(timer));
    }
  },
});
