/** What one batch of requests at a fixed concurrency gave. */
export interface BatchResult {
  requests: number;
  elapsedMs: number;
  errors: number;
  /** Per-request latency, microseconds. */
  latencies: Float64Array;
}

/** Sends `total` requests with `concurrency` of them in flight at any time. */
export async function runConcurrentBatch(
  call: () => Promise<unknown>,
  total: number,
  concurrency: number,
): Promise<BatchResult> {
  const latencies = new Float64Array(total);
  let next = 0;
  let errors = 0;
  const worker = async () => {
    while (next < total) {
      const index = next++;
      const startedAt = performance.now();
      await call().catch(() => {
        errors += 1;
      });
      latencies[index] = (performance.now() - startedAt) * 1000;
    }
  };
  const startedAt = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { requests: total, elapsedMs: performance.now() - startedAt, errors, latencies };
}
