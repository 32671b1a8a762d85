import {
  AbortError,
  createRedisStore,
  definePlugin,
  HOOK_STAGES,
  type RequestContext,
  type SharedStore,
  type Target,
} from "../../src/index.js";
import { Bulkhead, BulkheadRejectedError } from "./bulkhead.js";
import { classifyCall } from "./classify-call.js";
import { HealthBoard } from "./health-board.js";
import { HEALTH_OPTIONS_SCHEMA, type HealthOptions } from "./health-options.js";
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
 * The health plugin with its clock (and store) injected; the default export uses `Date.now` and
 * the store its options name. It taps:
 * - beforeAttempt: skips a target that is cooling down (the kernel records the skip and moves on),
 *   counts the target's requests and retries for the retry budget, and waits for a bulkhead slot
 *   when one is set;
 * - afterAttempt: feeds each call's outcome to the target's circuit and frees the bulkhead slot;
 * - onError, just before retry (holding a place in the budget for a retry it lets through): no retry of a target that is now cooling down when the chain has a
 *   next target, nor of one whose retry budget is spent; the request falls back instead (or fails
 *   when it has nowhere to go);
 * - afterRequest: frees whatever the request still holds (a probe that never ran, a slot).
 */
export function createHealthPlugin(environment: Partial<HealthEnvironment> = {}) {
  const now = environment.now ?? Date.now;
  return definePlugin<HealthOptions>({
    name: "health",
    apiVersion: 1,
    optionsSchema: HEALTH_OPTIONS_SCHEMA,
    setup(plugin, options) {
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
        const timer = setInterval(() => void board.sync(), options.syncIntervalMs);
        timer.unref();
        plugin.onClose(async () => {
          clearInterval(timer);
          await shared.close();
        });
      }

      const bulkheads = new Map<string, Bulkhead>();
      /** The bulkhead whose slot a request holds (or waits for), until its call ends. */
      const slots = new WeakMap<RequestContext, Bulkhead>();
      const bulkheadOf = (instance: string): Bulkhead => {
        let bulkhead = bulkheads.get(instance);
        if (bulkhead === undefined) {
          bulkhead = new Bulkhead(options.maxConcurrentPerInstance, options.maxQueuedPerInstance);
          bulkheads.set(instance, bulkhead);
        }
        return bulkhead;
      };
      const releaseSlot = (context: RequestContext) => {
        const bulkhead = slots.get(context);
        if (bulkhead === undefined) return;
        slots.delete(context);
        bulkhead.release(context);
      };

      /** A slot on the target's instance: at once, after a wait, or a skip / typed error when full. */
      const takeSlot = (target: Target, context: RequestContext) => {
        const bulkhead = bulkheadOf(target.provider);
        const refuse = () =>
          new BulkheadRejectedError(target.provider, target.model, {
            maxConcurrent: options.maxConcurrentPerInstance,
            maxQueued: options.maxQueuedPerInstance,
          });
        const onStop = (leave: (error: AbortError) => void) => {
          const signal = context.signal;
          const stop = () =>
            leave(
              new AbortError("the request stopped while waiting for a bulkhead slot", {
                provider: target.provider,
                model: target.model,
              }),
            );
          signal.addEventListener("abort", stop, { once: true });
          return () => signal.removeEventListener("abort", stop);
        };
        let waiting: Promise<void> | undefined;
        try {
          waiting = bulkhead.acquire(context, refuse, onStop);
        } catch (error) {
          board.record(target, context, { kind: "neutral" });
          // Another target can take the request: move on to it. The last target fails, typed.
          if (context.targetIndex + 1 < context.chain.length) {
            return { action: "skip" as const, reason: "bulkhead_full" };
          }
          throw error;
        }
        slots.set(context, bulkhead);
        if (waiting === undefined) return undefined;
        return waiting.then(
          () => undefined,
          (error: unknown) => {
            slots.delete(context);
            board.record(target, context, { kind: "neutral" });
            throw error;
          },
        );
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
        releaseSlot(context);
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
        releaseSlot(context);
        releaseRetry(context);
        // A probe admitted for this request whose call never happened frees its slot.
        board.record(context.target, context, { kind: "neutral" });
      });
    },
  });
}

export default createHealthPlugin();
