/** How many slices a window is cut into: counts leave the window one slice (a tenth) at a time. */
const SLICES = 10;

/**
 * Counts of events over the last `windowMs`, kept in ten slices of a tenth of the window each, so
 * memory stays fixed whatever the traffic and old events leave the window a slice at a time.
 */
export class SlidingCounts<Name extends string> {
  private readonly sliceMs: number;
  private readonly slices: Array<{ start: number; counts: Partial<Record<Name, number>> }> = [];

  constructor(windowMs: number) {
    this.sliceMs = Math.max(1, Math.ceil(windowMs / SLICES));
  }

  add(name: Name, now: number): void {
    const start = now - (now % this.sliceMs);
    let last = this.slices[this.slices.length - 1];
    if (last === undefined || last.start !== start) {
      last = { start, counts: {} };
      this.slices.push(last);
      this.prune(now);
    }
    last.counts[name] = (last.counts[name] ?? 0) + 1;
  }

  /** Events of that name within the window ending at `now`. */
  count(name: Name, now: number): number {
    this.prune(now);
    let total = 0;
    for (const slice of this.slices) total += slice.counts[name] ?? 0;
    return total;
  }

  clear(): void {
    this.slices.length = 0;
  }

  private prune(now: number): void {
    const oldest = now - (now % this.sliceMs) - (SLICES - 1) * this.sliceMs;
    while (this.slices.length > 0 && this.slices[0].start < oldest) this.slices.shift();
  }
}
