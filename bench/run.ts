/**
 * `npm run bench`: builds the tree, runs each section in its own process (`node --expose-gc`),
 * prints the tables and writes bench/results/latest.json. Sections: in-process, streaming,
 * loopback, cold-start, memory; name some on the command line to run only those.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { bundleDist } from "../scripts/build-dist/bundle-dist.js";
import { BUILD_ROOT, BUNDLED_ENTRY, buildForBench, REPOSITORY_ROOT } from "./lib/build-for-bench.js";
import { printTables } from "./lib/print-tables.js";

const SECTIONS = ["in-process", "streaming", "loopback", "cold-start", "memory"];

function runSection(name: string, runner: string, scratch: string): unknown {
  const out = join(scratch, `${name}.json`);
  const script =
    runner === "tsx"
      ? ["--import", "tsx", join(REPOSITORY_ROOT, "bench", "sections", `${name}.ts`)]
      : [join(BUILD_ROOT, "bench", "sections", `${name}.js`)];
  const startedAt = performance.now();
  process.stderr.write(`section ${name}\n`);
  const result = spawnSync(process.execPath, ["--expose-gc", ...script], {
    cwd: REPOSITORY_ROOT,
    env: { ...process.env, BENCH_OUT: out, BENCH_RUNNER: runner, BENCH_RUNTIME_ENTRY: BUNDLED_ENTRY },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const seconds = Math.round((performance.now() - startedAt) / 100) / 10;
  if (result.status !== 0) return { error: `exited with ${result.status ?? result.signal}`, seconds };
  return { ...JSON.parse(readFileSync(out, "utf8")), seconds };
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2).filter((name) => SECTIONS.includes(name));
  const startedAt = performance.now();
  const build = buildForBench();
  await bundleDist(join(BUILD_ROOT, "package"));
  const scratch = mkdtempSync(join(tmpdir(), "llm-bench-"));
  const sections: Record<string, unknown> = {};
  try {
    for (const name of wanted.length ? wanted : SECTIONS)
      sections[name] = runSection(name, build.runner, scratch);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  const results = {
    date: new Date().toISOString(),
    node: process.version,
    cores: availableParallelism(),
    cpu: cpus()[0]?.model,
    loadAverageAtEnd: loadavg().map((value) => Math.round(value * 100) / 100),
    runner: build.runner,
    ...(build.note ? { buildNote: build.note } : {}),
    scale: Number(process.env.BENCH_SCALE ?? "1") || 1,
    totalSeconds: Math.round((performance.now() - startedAt) / 1000),
    sections,
  };
  console.log(
    `\nnode ${results.node}, ${results.cores} cores (${results.cpu}), load ${results.loadAverageAtEnd.join(" ")}, ${results.runner}, ${results.totalSeconds} s\n`,
  );
  printTables(results);
  mkdirSync(join(REPOSITORY_ROOT, "bench", "results"), { recursive: true });
  writeFileSync(
    join(REPOSITORY_ROOT, "bench", "results", "latest.json"),
    `${JSON.stringify(results, null, 2)}\n`,
  );
}

await main();
