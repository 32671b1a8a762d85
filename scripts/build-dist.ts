/**
 * `npm run build` (and `prepare`, so `npm install` from git leaves a working package): a clean
 * `dist/`, tsc's type declarations, then esbuild's bundled JavaScript (see bundle-dist.ts).
 */
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { bundleDist, REPOSITORY_ROOT } from "./build-dist/bundle-dist.js";

const dist = join(REPOSITORY_ROOT, "dist");
rmSync(dist, { recursive: true, force: true });
const tsc = spawnSync(join(REPOSITORY_ROOT, "node_modules", ".bin", "tsc"), ["-p", "tsconfig.build.json"], {
  cwd: REPOSITORY_ROOT,
  stdio: "inherit",
});
if (tsc.status !== 0) {
  process.exitCode = tsc.status ?? 1;
} else {
  await bundleDist(dist);
}
