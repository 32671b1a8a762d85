/**
 * Compiles src/, plugins/ and bench/ with tsc into node_modules/.cache/llm-runtime-bench, so the
 * benchmark measures the JavaScript users run (dist-like output), not tsx's on-the-fly transform
 * (esbuild's keepNames wraps every closure in a `__name` call, which costs per request).
 */
import { spawnSync } from "node:child_process";
import { existsSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const REPOSITORY_ROOT = join(import.meta.dirname, "..", "..");

/** Where the compiled tree goes (bench/tsconfig.json's outDir). */
export const BUILD_ROOT = join(REPOSITORY_ROOT, "node_modules", ".cache", "llm-runtime-bench");

/**
 * The package's entry as `npm run build` bundles it (written beside the tree, not over dist/). The
 * cold-start section measures this, since it is what users import; the other sections use the
 * tree, whose separate modules the layers need.
 */
export const BUNDLED_ENTRY = join(BUILD_ROOT, "package", "src", "index.js");

/** Builds; returns how the sections run: compiled JavaScript, or tsx when the build failed. */
export function buildForBench(): { runner: "tsc build" | "tsx"; note?: string } {
  rmSync(BUILD_ROOT, { recursive: true, force: true });
  const tsc = join(REPOSITORY_ROOT, "node_modules", ".bin", "tsc");
  const result = spawnSync(tsc, ["-p", join(REPOSITORY_ROOT, "bench", "tsconfig.json")], {
    encoding: "utf8",
  });
  // tsc still emits when other files of the tree have type errors; only a missing output is fatal.
  if (!existsSync(join(BUILD_ROOT, "src", "index.js"))) {
    return { runner: "tsx", note: `tsc build failed (${result.error?.message ?? `exit ${result.status}`})` };
  }
  writeFileSync(join(BUILD_ROOT, "package.json"), '{ "type": "module" }\n');
  const errors = (result.stdout.match(/error TS/g) ?? []).length;
  return {
    runner: "tsc build",
    note: errors ? `${errors} type errors in the tree at build time` : undefined,
  };
}
