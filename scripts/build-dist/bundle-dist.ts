/**
 * Bundles the package's JavaScript for `dist/`: one file per entry point (the library, the
 * testing kit, the gateway server, the CLI, each built-in plugin) and shared chunks, instead of tsc's one file per
 * module. Node pays for every module it loads (resolve, read, compile): the runtime's ~100 modules
 * cost 35-55 ms of a cold start as separate files, about 15 ms bundled. The SDKs, ajv and
 * cosmiconfig stay external (imported from node_modules as they are), so an SDK is still imported
 * only by the plugin that needs it, and only when a config names that plugin. tsc still writes the
 * type declarations (tsconfig.build.json).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";

export const REPOSITORY_ROOT = join(import.meta.dirname, "..", "..");

/**
 * Dependencies bundled in rather than imported: pino is loaded by every runtime, and
 * as a CommonJS package of many files it costs a cold start about 27 ms more than the same code
 * bundled (Node resolves, reads and scans each file for its exports). Their versions are pinned
 * exactly in package.json, so a bundled copy is the very version npm would install; they stay
 * dependencies for their types (the public API names pino's Logger). pino's symbols are global
 * (Symbol.for), so an application's own pino logger still works with the runtime's copy.
 */
const BUNDLED_DEPENDENCIES = ["pino"];

const manifest = JSON.parse(readFileSync(join(REPOSITORY_ROOT, "package.json"), "utf8")) as {
  dependencies: Record<string, string>;
  peerDependencies?: Record<string, string>;
};

/**
 * Every other dependency, and its subpaths, stays an import; so does every peer dependency (the
 * application's own copy, such as its @opentelemetry/api, is the one to use).
 */
const EXTERNAL = Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies })
  .filter((name) => !BUNDLED_DEPENDENCIES.includes(name))
  .flatMap((name) => [name, `${name}/*`]);

/** Lets bundled CommonJS code `require` Node's builtins from an ES module. */
const REQUIRE_SHIM =
  'import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);';

/** The modules a user or the kernel imports by path; everything else is reached from them. */
function entryPoints(): string[] {
  const plugins = readdirSync(join(REPOSITORY_ROOT, "plugins"), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => `plugins/${entry.name}/index.ts`);
  return [
    "src/index.ts",
    "src/provider-utils.ts",
    "src/testing/index.ts",
    "src/server/index.ts",
    "src/cli/bin.ts",
    ...plugins,
  ];
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
    external: EXTERNAL,
    banner: { js: REQUIRE_SHIM },
    sourcemap: true,
    logLevel: "warning",
  });
}
