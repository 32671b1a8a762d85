import { collectGarbage, median, percentile, round } from "./stats.js";
import type { StreamTiming } from "./stream-case.js";

interface SideRound {
  firstEvent: number;
  whole: number;
  wholeP99: number;
}

async function oneRound(sides: ReadonlyArray<() => Promise<StreamTiming>>, count: number, rotation: number) {
  const first = sides.map(() => new Float64Array(count));
  const whole = sides.map(() => new Float64Array(count));
  for (let index = 0; index < count; index++) {
    for (let turn = 0; turn < sides.length; turn++) {
      const side = (turn + index + rotation) % sides.length;
      const timing = await sides[side]();
      first[side][index] = timing.firstEventUs;
      whole[side][index] = timing.wholeUs;
    }
  }
  return sides.map(
    (_, side): SideRound => ({
      firstEvent: percentile(first[side], 50),
      wholeP99: percentile(whole[side], 99),
      whole: percentile(whole[side], 50),
    }),
  );
}

/**
 * Interleaved rounds of streams (see timeInterleaved); per side, medians over rounds of the p50 time
 * to first event and of the whole stream, and the per-round differences to side 0.
 */
export async function streamRounds(
  sides: ReadonlyArray<() => Promise<StreamTiming>>,
  options: { rounds: number; calls: number; warmUpCalls: number },
) {
  await oneRound(sides, options.warmUpCalls, 0);
  const rounds: SideRound[][] = [];
  for (let index = 0; index < options.rounds; index++) {
    collectGarbage();
    rounds.push(await oneRound(sides, options.calls, index));
  }
  const across = (pick: (round: SideRound[]) => number) => round(median(rounds.map(pick)));
  return sides.map((_, side) => ({
    firstEventP50Us: across((r) => r[side].firstEvent),
    wholeP50Us: across((r) => r[side].whole),
    wholeP99Us: across((r) => r[side].wholeP99),
    firstEventOverFirstUs: across((r) => r[side].firstEvent - r[0].firstEvent),
    wholeOverFirstUs: across((r) => r[side].whole - r[0].whole),
    /** Whole-stream difference minus first-event difference: the cost spread over the chunks. */
    afterFirstOverFirstUs: across((r) => r[side].whole - r[side].firstEvent - (r[0].whole - r[0].firstEvent)),
  }));
}
