import { OpenAIHttpError } from "./openai-error.js";

/**
 * The chat completions being answered: each holds an AbortController, so the concurrency limit can
 * count them and a drain that runs out of time can stop them (which closes their upstream calls).
 */
export class InFlight {
  private readonly active = new Set<AbortController>();
  private idleWaiters: Array<() => void> = [];

  constructor(private readonly max: number) {}

  get size(): number {
    return this.active.size;
  }

  /** A controller for one more request; a 503 with `retry-after` when the gateway is full. */
  acquire(): AbortController {
    if (this.active.size >= this.max) {
      throw new OpenAIHttpError({
        status: 503,
        type: "api_error",
        code: "server_busy",
        message: `the gateway is answering its maximum of ${this.max} requests (fix: retry shortly, or raise server.maxConcurrentRequests)`,
        headers: { "retry-after": "1" },
      });
    }
    const controller = new AbortController();
    this.active.add(controller);
    return controller;
  }

  release(controller: AbortController): void {
    if (!this.active.delete(controller) || this.active.size > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const wake of waiters) wake();
  }

  /** Resolves when nothing is in flight. */
  idle(): Promise<void> {
    if (this.active.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Stops every request in flight (their upstream calls close). */
  abortAll(reason: Error): void {
    for (const controller of this.active) controller.abort(reason);
  }
}
