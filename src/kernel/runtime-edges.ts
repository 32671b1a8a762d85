/**
 * The runtime's edges to the outside world that a test or an embedder may replace: the clock, the
 * wait between retries, and the random source. Given to createRuntime; the kernel and every plugin
 * (through PluginContext) use these instead of `Date.now`, `setTimeout` and `Math.random`.
 */
export interface RuntimeEdges {
  /** Epoch milliseconds: attempt records, `context.deadline`, retry decisions, dumps. */
  now(): number;
  /** Resolves after `ms` milliseconds (a retry's wait; the kernel ends it early when the request stops). */
  sleep(ms: number): Promise<void>;
  /** Uniform in [0, 1): the retry plugin's jitter. */
  random(): number;
}

export const REAL_EDGES: Readonly<RuntimeEdges> = Object.freeze({
  now: Date.now,
  sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
});
