import { createNoopMeter, type Meter, metrics, ProxyTracerProvider, trace } from "@opentelemetry/api";

/** What the application registered with @opentelemetry/api, as the plugin finds it at setup. */
export interface RegisteredSdk {
  /** A tracer provider is registered (trace.setGlobalTracerProvider, or the Node SDK's start()). */
  tracing: boolean;
  /** The meter of the plugin's scope, when a meter provider is registered. */
  meter: Meter | undefined;
}

/**
 * Looks up the application's SDK. Without one, @opentelemetry/api hands out no-op tracers and
 * meters; the plugin then taps no hook at all, so a runtime that loads it without an SDK does no
 * per-request work for it. The API's no-op objects are recognised by comparing with the ones it
 * gives when nothing is registered: a fresh proxy's delegate, and a no-op meter's class.
 */
export function findOtelSdk(scope: string): RegisteredSdk {
  const tracerProvider = trace.getTracerProvider();
  const noTracerProvider = new ProxyTracerProvider().getDelegate();
  const tracing =
    tracerProvider instanceof ProxyTracerProvider
      ? tracerProvider.getDelegate() !== noTracerProvider
      : tracerProvider !== noTracerProvider;
  const meter = metrics.getMeter(scope);
  const metering = meter.constructor !== createNoopMeter().constructor;
  return { tracing, meter: metering ? meter : undefined };
}
