import type { FastifyRequest } from "fastify";
import type { Runtime } from "../kernel/create-runtime.js";
import type { CoolingTargets } from "./cooling-targets.js";
import type { GatewayMetrics } from "./gateway-metrics.js";
import type { InFlight } from "./in-flight.js";
import type { KeyRateLimit } from "./key-rate-limit.js";
import type { Caller, KeyRing } from "./key-ring.js";

/** What the routes share. */
export interface GatewayContext {
  runtime: Runtime;
  keyRing: KeyRing;
  rateLimit: KeyRateLimit;
  inFlight: InFlight;
  metrics: GatewayMetrics;
  /** Targets recent requests found cooling down (skipped by the health plugin), for readiness. */
  cooling: CoolingTargets;
  /** The caller each request was authenticated as (set by the auth hook on /v1 routes). */
  callers: WeakMap<FastifyRequest, Caller>;
  now: () => number;
  /** True once `close()` began: readiness fails and new requests are refused. */
  draining: boolean;
}
