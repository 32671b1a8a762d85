/**
 * The five ways of making one call, from the bare SDK to the runtime with every default plugin,
 * in the order both the in-process and the streaming cases run them, so the overhead can be
 * attributed layer by layer (bench/README.md, "Layers").
 */
export const SIDE_NAMES = [
  "raw SDK",
  "raw SDK + AbortSignal",
  "provider plugin alone",
  "runtime, provider plugin only",
  "runtime, default plugins",
] as const;
