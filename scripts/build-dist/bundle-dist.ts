/**
 * Bundles the package's JavaScript for `dist/`: one file per entry point (the library, the
 * testing kit, the CLI, each built-in plugin) and shared chunks, instead of tsc's one file per
 * module. Node pays for every module it loads (resolve, read, compile): the runtime's ~100 modules
 * cost 35-55 ms of a cold start as separate files, about 15 ms bundled. Dependencies stay
 * external (imported from node_modules as they are), so an SDK is still imported only by the
 * plugin that needs it, and only when a config names that plugin. tsc still writes the type
 * declarations (tsconfig.build.json).
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";

export const REPOSITORY_ROOT = join(import.meta.dirname, "..", "..");

/** The modules a user or the kernel imports by path; everything else is reached from them. */
function entryPoints(): string[] {
  const plugins = readdirSync(join(REPOSITORY_ROOT, "plugins"), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => `plugins/${entry.name}/index.ts`);
  return ["src/index.ts", "src/testing/index.ts", "src/cli/bin.ts", ...plugins];
}

/** Writes the bundled JavaScript (and source maps) under `outdir`, laid out as `src/` and `plugins/` are. */
export async function bundleDist(outdir: string): Promise<void> {
  await build({
    absWorkingDir: REPOSITORY_ROOT,
    entryPoints: entryPoints(),
    outbase: ".",
    outdir,
    entryNames: "[dir]/[name]",
    chunkNames: "chunks/[name]-[hash]",
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    packages: "external",
    sourcemap: true,
    logLevel: "warning",
  });
}
