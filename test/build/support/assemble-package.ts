import { execFile } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { bundleDist, REPOSITORY_ROOT } from "../../../scripts/build-dist/bundle-dist.js";

const run = promisify(execFile);

/**
 * A folder laid out as an application that installed llm-runtime: `node_modules/llm-runtime` holds
 * what npm would ship (package.json's `files`, plus package.json, README.md and LICENSE, which npm
 * always includes), with `dist/` built fresh by the same steps as `npm run build`. It sits inside
 * the repository's node_modules, so the package's own dependencies resolve from there.
 */
export const CONSUMER_ROOT = join(REPOSITORY_ROOT, "node_modules", ".cache", "llm-runtime-consumer-test");
export const INSTALLED_PACKAGE = join(CONSUMER_ROOT, "node_modules", "llm-runtime");
export const TSC = join(REPOSITORY_ROOT, "node_modules", ".bin", "tsc");

interface Manifest {
  files: string[];
}

async function assemble(): Promise<void> {
  rmSync(CONSUMER_ROOT, { recursive: true, force: true });
  mkdirSync(INSTALLED_PACKAGE, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(REPOSITORY_ROOT, "package.json"), "utf8")) as Manifest;
  for (const entry of [
    ...manifest.files.filter((name) => name !== "dist"),
    "package.json",
    "README.md",
    "LICENSE",
  ]) {
    cpSync(join(REPOSITORY_ROOT, entry), join(INSTALLED_PACKAGE, entry), { recursive: true });
  }
  const dist = join(INSTALLED_PACKAGE, "dist");
  await run(TSC, ["-p", "tsconfig.build.json", "--outDir", dist], { cwd: REPOSITORY_ROOT });
  await bundleDist(dist);
}

let assembled: Promise<void> | undefined;

/** Builds the installed package once per test process; later calls share the first build. */
export function assemblePackage(): Promise<void> {
  assembled ??= assemble();
  return assembled;
}
