import { type LLMProviderError, ProviderUnavailableError } from "../../src/index.js";

/** A bulkhead's queue was full: the attempt was refused without calling the provider. */
export class BulkheadRejectedError extends ProviderUnavailableError {
  override readonly name = "BulkheadRejectedError";

  constructor(provider: string, model: string, limits: { maxConcurrent: number; maxQueued: number }) {
    super(
      `${limits.maxConcurrent} calls are running and ${limits.maxQueued} waiting for this provider instance (the health plugin's bulkhead); the attempt was refused without a call`,
      {
        provider,
        model,
        // Retrying the same instance at once would only meet the same full queue; a fallback may go.
        retryable: false,
        fix: "raise maxConcurrentPerInstance or maxQueuedPerInstance of the health plugin, or add a fallback target",
      },
    );
  }
}

interface Waiter {
  owner: object;
  resolve: () => void;
  /** Stops listening for the request's stop. */
  unsubscribe: () => void;
}

/**
 * A concurrency limit for one provider instance: at most `maxConcurrent` calls at once, at most
 * `maxQueued` attempts waiting for a slot (first come, first served), one more refused at once.
 * A slot is held by its owner (a request) until `release(owner)`.
 */
export class Bulkhead {
  private running = new Set<object>();
  private readonly queue: Waiter[] = [];

  constructor(
    private readonly maxConcurrent: number,
    private readonly maxQueued: number,
  ) {}

  /**
   * Takes a slot for `owner`: at once (undefined) when one is free, else a promise that resolves
   * when one is handed over. `refuse` builds the error for a full queue; `onAbandon` subscribes the
   * waiter to its request's stop, which takes it out of the queue; it returns the unsubscribe.
   */
  acquire(
    owner: object,
    refuse: () => LLMProviderError,
    onAbandon: (leave: (error: LLMProviderError) => void) => () => void,
  ): Promise<void> | undefined {
    if (this.running.has(owner)) return undefined;
    if (this.running.size < this.maxConcurrent) {
      this.running.add(owner);
      return undefined;
    }
    if (this.queue.length >= this.maxQueued) throw refuse();
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { owner, resolve, unsubscribe: () => undefined };
      waiter.unsubscribe = onAbandon((error) => {
        const index = this.queue.indexOf(waiter);
        if (index < 0) return;
        this.queue.splice(index, 1);
        reject(error);
      });
      this.queue.push(waiter);
    });
  }

  /** Frees the owner's slot (handing it to the first waiter) or takes the owner out of the queue. */
  release(owner: object): void {
    if (!this.running.delete(owner)) {
      const index = this.queue.findIndex((waiter) => waiter.owner === owner);
      if (index >= 0) this.queue.splice(index, 1)[0].unsubscribe();
      return;
    }
    const next = this.queue.shift();
    if (next === undefined) return;
    this.running.add(next.owner);
    next.unsubscribe();
    next.resolve();
  }

  get active(): number {
    return this.running.size;
  }

  get waiting(): number {
    return this.queue.length;
  }
}
