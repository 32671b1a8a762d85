import { summarize } from "./stats.js";

export interface Percentiles {
  p50: number;
  p99: number;
}

/**
 * Times `count` rounds of calls to every side, one call per side in turn, rotating which side goes
 * first, so a burst of load on this shared machine hits every side alike. Returns p50 and p99 per
 * side, in microseconds.
 */
export async function timeInterleaved(
  sides: ReadonlyArray<() => Promise<unknown>>,
  count: number,
  rotation = 0,
): Promise<Percentiles[]> {
  const samples = sides.map(() => new Float64Array(count));
  for (let index = 0; index < count; index++) {
    for (let turn = 0; turn < sides.length; turn++) {
      const side = (turn + index + rotation) % sides.length;
      const startedAt = performance.now();
      await sides[side]();
      samples[side][index] = (performance.now() - startedAt) * 1000;
    }
  }
  return samples.map(summarize);
}
