import { AbortError, type RequestContext, type Target } from "../../src/index.js";
import { Bulkhead, BulkheadRejectedError } from "./bulkhead.js";

export interface BulkheadLimits {
  maxConcurrentPerInstance: number;
  maxQueuedPerInstance: number;
}

/**
 * One bulkhead per provider instance, and which request holds (or waits for) a slot of which. A
 * request holds at most one slot at a time: its attempts run one after another.
 */
export class InstanceBulkheads {
  private readonly bulkheads = new Map<string, Bulkhead>();
  private readonly holders = new WeakMap<RequestContext, Bulkhead>();

  constructor(private readonly limits: BulkheadLimits) {}

  /**
   * A slot on the target's instance for the request: undefined when taken at once, a promise when
   * it waits in the queue (rejected with AbortError if the request stops meanwhile). Throws
   * BulkheadRejectedError when the queue is full.
   */
  take(target: Target, context: RequestContext): Promise<void> | undefined {
    const bulkhead = this.bulkheadOf(target.provider);
    const waiting = bulkhead.acquire(
      context,
      () =>
        new BulkheadRejectedError(target.provider, target.model, {
          maxConcurrent: this.limits.maxConcurrentPerInstance,
          maxQueued: this.limits.maxQueuedPerInstance,
        }),
      (leave) => {
        // Read only for a request that waits: the kernel makes the AbortSignal on first read.
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
      },
    );
    this.holders.set(context, bulkhead);
    if (waiting === undefined) return undefined;
    return waiting.catch((error: unknown) => {
      this.holders.delete(context);
      throw error;
    });
  }

  /** Frees the request's slot, or its place in a queue. */
  release(context: RequestContext): void {
    const bulkhead = this.holders.get(context);
    if (bulkhead === undefined) return;
    this.holders.delete(context);
    bulkhead.release(context);
  }

  private bulkheadOf(instance: string): Bulkhead {
    let bulkhead = this.bulkheads.get(instance);
    if (bulkhead === undefined) {
      bulkhead = new Bulkhead(this.limits.maxConcurrentPerInstance, this.limits.maxQueuedPerInstance);
      this.bulkheads.set(instance, bulkhead);
    }
    return bulkhead;
  }
}
