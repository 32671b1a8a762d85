import { collectGarbage, median, round } from "./stats.js";
import { type Percentiles, timeInterleaved } from "./time-calls.js";

/** Medians over rounds of each side's p50 and p99, and of the per-round differences to side 0. */
export interface PairedResult {
  p50: number[];
  p99: number[];
  /** Per side: median over rounds of (this side's p50 - side 0's p50). */
  p50OverFirst: number[];
  p99OverFirst: number[];
}

/** Several rounds of interleaved calls, garbage collected before each, after one warm-up round. */
export async function pairedRounds(
  sides: ReadonlyArray<() => Promise<unknown>>,
  options: { rounds: number; calls: number; warmUpCalls: number },
): Promise<PairedResult> {
  await timeInterleaved(sides, options.warmUpCalls);
  const rounds: Percentiles[][] = [];
  for (let index = 0; index < options.rounds; index++) {
    collectGarbage();
    rounds.push(await timeInterleaved(sides, options.calls, index));
  }
  const across = (pick: (round: Percentiles[]) => number) => round(median(rounds.map(pick)));
  return {
    p50: sides.map((_, side) => across((r) => r[side].p50)),
    p99: sides.map((_, side) => across((r) => r[side].p99)),
    p50OverFirst: sides.map((_, side) => across((r) => r[side].p50 - r[0].p50)),
    p99OverFirst: sides.map((_, side) => across((r) => r[side].p99 - r[0].p99)),
  };
}
