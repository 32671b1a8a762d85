/** How a benchmark section, run as its own process by bench/run.ts, reports back. */
import { writeFileSync } from "node:fs";

/** BENCH_SCALE shrinks every count (e.g. 0.1 for a quick check); the default is 1. */
export const SCALE = Number(process.env.BENCH_SCALE ?? "1") || 1;

export function scaled(count: number, minimum = 1): number {
  return Math.max(minimum, Math.round(count * SCALE));
}

export function progress(message: string): void {
  process.stderr.write(`  ${message}\n`);
}

/** Writes the section's numbers where run.ts reads them (BENCH_OUT), or to stdout when run alone. */
export function report(result: unknown): void {
  const text = `${JSON.stringify(result, null, 2)}\n`;
  if (process.env.BENCH_OUT) writeFileSync(process.env.BENCH_OUT, text);
  else process.stdout.write(text);
}

/** Rounds per measurement: BENCH_ROUNDS, else `fallback`; at least 3, so a median means something. */
export function roundsFromEnvironment(fallback: number): number {
  return Math.max(3, Math.round(Number(process.env.BENCH_ROUNDS ?? fallback) || fallback));
}
