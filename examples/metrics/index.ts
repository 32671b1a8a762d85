/**
 * An example observer plugin: requests by how they ended, and provider calls, failures by error
 * code, latency and tokens per provider instance. The application reads them with
 * `getMetricsSnapshot(name)`; with `logIntervalMs`, the plugin also logs the snapshot at info
 * level that often. It taps the two observe hooks only, so it can change nothing and keeps no
 * per-request state: afterAttempt is told of every provider call, afterRequest exactly once per
 * request, however it ends (success, failure, abort, deadline, a stream the caller broke off).
 */
import { definePlugin } from "../../src/index.js";
import { MetricsCollector } from "./metrics-collector.js";
import { registerCollector } from "./metrics-registry.js";

export type {
  LatencySummary,
  MetricsSnapshot,
  ProviderMetrics,
  RequestMetrics,
} from "./metrics-collector.js";
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
  apiVersion: 2,
  optionsSchema: METRICS_OPTIONS_SCHEMA,
  setup(context, options) {
    const collector = new MetricsCollector(options.latencySamples);
    context.onClose(registerCollector(options.name, collector));
    context.hooks.afterAttempt.tap({ stage: "observe" }, ({ record }) => {
      collector.recordAttempt(record);
    });
    context.hooks.afterRequest.tap({ stage: "observe" }, (outcome) => {
      collector.recordRequest(outcome);
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
