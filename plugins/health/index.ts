import {
  createRedisStore,
  definePlugin,
  HOOK_STAGES,
  type RequestContext,
  type SharedStore,
  type Target,
} from "../../src/index.js";
import { classifyCall } from "./classify-call.js";
import { HealthBoard } from "./health-board.js";
import { HEALTH_OPTIONS_SCHEMA, type HealthOptions } from "./health-options.js";
import { InstanceBulkheads } from "./instance-bulkheads.js";
import { SharedCooldowns } from "./shared-cooldowns.js";

export { Bulkhead, BulkheadRejectedError } from "./bulkhead.js";
export { classifyCall } from "./classify-call.js";
export { HealthBoard, targetKeyOf } from "./health-board.js";
export { HEALTH_OPTIONS_SCHEMA, type HealthOptions } from "./health-options.js";
export { RetryBudget } from "./retry-budget.js";
export { parseCooldown, SharedCooldowns } from "./shared-cooldowns.js";
export { type Admission, type Cooldown, TargetCircuit } from "./target-circuit.js";

/** The I/O edges of the plugin, injected by tests: the clock, and a store instead of the configured one. */
export interface HealthEnvironment {
  now: () => number;
  /** Shares cooldowns through this store whatever the `store` option says (the plugin closes it). */
  store: SharedStore;
}

/** Runs just before the retry plugin's tap, so a spent budget or a cooling target vetoes the retry. */
const BEFORE_RETRY = HOOK_STAGES.retry - 1;

/**
 * The health plugin with its clock (and store) injected; the default export uses the runtime's
 * clock and the store its options name. It taps:
 * - beforeAttempt: skips a target that is cooling down (the kernel records the skip and moves on),
 *   counts the target's requests and retries for the retry budget, and waits for a bulkhead slot
 *   when one is set;
 * - afterAttempt: feeds each call's outcome to the target's circuit and frees the bulkhead slot;
 * - onError, just before retry: no retry of a target that is now cooling down when the chain has a
 *   next target, nor of one whose retry budget is spent; the request falls back instead (or fails
 *   when it has nowhere to go). A retry it lets through holds a place in the budget until it starts;
 * - afterRequest: frees whatever the request still holds (a probe that never ran, a slot).
 */
export function createHealthPlugin(environment: Partial<HealthEnvironment> = {}) {
  return definePlugin<HealthOptions>({
    name: "health",
    apiVersion: 2,
    optionsSchema: HEALTH_OPTIONS_SCHEMA,
    setup(plugin, options) {
      // The runtime's clock (createRuntime({ now })), so skips and the kernel's retryAfterMs read the same time.
      const now = environment.now ?? plugin.now;
      const store =
        environment.store ??
        (options.store === "redis"
          ? createRedisStore({
              url: options.redisUrl,
              keyPrefix: `${options.namespace}:`,
              commandTimeoutMs: options.redisCommandTimeoutMs,
              logger: plugin.logger,
            })
          : undefined);
      const shared = store === undefined ? undefined : new SharedCooldowns(store, now);
      const board = new HealthBoard(options, now, shared, (target, cooldown) =>
        plugin.logger.warn(
          { plugin: "health", provider: target.provider, model: target.model, ...cooldown },
          "target cooling down: requests skip it until it reopens",
        ),
      );
      if (shared !== undefined) {
        // Probes are claimed over the last two sync intervals of a cooldown, so one sync falls in it.
        const timer = setInterval(() => void board.sync(2 * options.syncIntervalMs), options.syncIntervalMs);
        timer.unref();
        plugin.onClose(async () => {
          clearInterval(timer);
          await shared.close();
        });
      }

      const bulkheads = new InstanceBulkheads(options);

      /** A bulkhead slot: at once, after a wait, a skip when full, or a typed error on the last target. */
      const takeSlot = (target: Target, context: RequestContext) => {
        let waiting: Promise<void> | undefined;
        try {
          waiting = bulkheads.take(target, context);
        } catch (error) {
          board.record(target, context, { kind: "neutral" });
          if (context.targetIndex + 1 < context.chain.length) {
            return { action: "skip" as const, reason: "bulkhead_full" };
          }
          throw error;
        }
        return waiting?.catch((error: unknown) => {
          board.record(target, context, { kind: "neutral" });
          throw error;
        });
      };

      /** The target a request was granted a retry on, until that retry starts or the request moves on. */
      const grantedRetries = new WeakMap<RequestContext, Target>();
      const releaseRetry = (context: RequestContext) => {
        const granted = grantedRetries.get(context);
        if (granted === undefined) return;
        grantedRetries.delete(context);
        board.releaseRetry(granted);
      };

      plugin.hooks.beforeAttempt.tap({ stage: "default" }, (target, context) => {
        releaseRetry(context);
        const admission = board.admit(context.chain, context.targetIndex, context, context.deadline);
        if (!admission.admitted) {
          return { action: "skip", reason: admission.reason, untilMs: admission.untilMs };
        }
        board.noteCall(target, context.attemptOnTarget > 0);
        if (options.maxConcurrentPerInstance === 0) return undefined;
        return takeSlot(target, context);
      });

      plugin.hooks.afterAttempt.tap({ stage: "observe", name: "health" }, ({ record, error }, context) => {
        if (record.outcome === "skipped") return;
        board.record(record, context, classifyCall(record, error));
        bulkheads.release(context);
      });

      plugin.hooks.onError.tap({ stage: BEFORE_RETRY }, (error, context) => {
        if (!error.retryable || context.signal.aborted) return undefined;
        const target = context.target;
        const fields = { plugin: "health", provider: target.provider, model: target.model };
        // Waiting to retry a target that is cooling helps no one when another target can answer
        // now. Without one, the retry plugin's wait (never shorter than a Retry-After) is kept.
        if (context.targetIndex + 1 < context.chain.length && !board.isAvailable(target)) {
          context.logger.debug(fields, "not retrying: the target is cooling down");
          return { action: "fallback" };
        }
        if (!board.retryAllowed(target)) {
          context.logger.info(fields, "not retrying: the target's retry budget is spent");
          return { action: "fallback" };
        }
        board.reserveRetry(target);
        grantedRetries.set(context, target);
        return undefined;
      });

      plugin.hooks.afterRequest.tap({ stage: "observe", name: "health" }, (_outcome, context) => {
        bulkheads.release(context);
        releaseRetry(context);
        // A probe admitted for this request whose call never happened frees its slot.
        board.record(context.target, context, { kind: "neutral" });
      });
    },
  });
}

export default createHealthPlugin();
