import { trace } from "@opentelemetry/api";
import { definePlugin, type PluginContext, type RequestContext } from "../../src/index.js";
import { findOtelSdk } from "./find-otel-sdk.js";
import { OTEL_OPTIONS_SCHEMA, type OtelOptions } from "./otel-options.js";
import { GenAiMetrics } from "./record-metrics.js";
import { now, RequestTrace, type TraceSettings } from "./request-trace.js";

export { OTEL_OPTIONS_SCHEMA, type OtelOptions } from "./otel-options.js";

/** The instrumentation scope the spans and metrics are reported under. */
const SCOPE = "llm-runtime";

/**
 * Taps beforeAttempt (at stage "observe", never skipping), afterAttempt and afterRequest to keep
 * each request's spans: the request's own and one per provider call. A request's trace lives in a
 * WeakMap keyed by its context and is dropped when afterRequest (called exactly once per request,
 * aborts and broken-off streams included) has ended its spans.
 */
function traceRequests(plugin: PluginContext, settings: TraceSettings): void {
  const traces = new WeakMap<RequestContext, RequestTrace | null>();
  /** The request's trace, started on first use; null when its span does not record (sampled out). */
  const traceOf = (context: RequestContext, startTime?: number) => {
    let found = traces.get(context);
    if (found === undefined) {
      const started = new RequestTrace(settings, context.target, context, startTime);
      found = started.span.isRecording() ? started : null;
      traces.set(context, found);
    }
    return found;
  };
  plugin.hooks.beforeAttempt.tap({ stage: "observe" }, (target, context) => {
    traceOf(context)?.attemptStarting(target, context);
    return undefined;
  });
  plugin.hooks.afterAttempt.tap((event, context) => {
    traces.get(context)?.attemptEnded(event);
  });
  plugin.hooks.afterRequest.tap((outcome, context) => {
    // A request whose every target was skipped made no call this plugin saw: it still gets a span.
    traceOf(context, now() - outcome.durationMs)?.end(outcome, context);
    traces.delete(context);
  });
}

/**
 * Records each request as OpenTelemetry spans and metrics in the GenAI semantic conventions'
 * terms, through the application's @opentelemetry/api providers (see docs/telemetry.md). It only
 * observes, so a failure here never fails a request; without an SDK registered when the runtime
 * is created, it taps nothing.
 */
export default definePlugin<OtelOptions>({
  name: "otel",
  apiVersion: 2,
  optionsSchema: OTEL_OPTIONS_SCHEMA,
  setup(plugin, options) {
    const sdk = findOtelSdk(SCOPE);
    if (!sdk.tracing && !sdk.meter) {
      plugin.logger.debug(
        "no OpenTelemetry SDK is registered: the otel plugin records nothing (register one before createRuntime)",
      );
      return;
    }
    if (sdk.tracing) {
      const { captureContent } = options;
      traceRequests(plugin, {
        tracer: trace.getTracer(SCOPE),
        captureContent,
        scrubSecrets: plugin.scrubSecrets,
      });
    }
    if (sdk.meter) {
      const recorder = new GenAiMetrics(sdk.meter);
      plugin.hooks.afterRequest.tap((outcome, context) => recorder.record(outcome, context));
    }
  },
});
