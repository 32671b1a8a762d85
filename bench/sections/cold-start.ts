/**
 * Cold start: fresh processes that build the runtime from a config naming one provider (and the
 * default behaviour plugins), against fresh processes that only import that provider's SDK; and
 * the default config (no file, three API keys) against importing all three SDKs. Alternating
 * order, medians of per-round differences. Then, with a resolve hook recording every module URL,
 * which SDKs a one-provider runtime actually imported.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { PROVIDERS } from "../lib/canned-replies.js";
import { progress, report, roundsFromEnvironment } from "../lib/section-io.js";
import { median, round } from "../lib/stats.js";

const EXTENSION = import.meta.url.endsWith(".ts") ? ".ts" : ".js";
const CHILD = fileURLToPath(new URL(`./cold-start-child${EXTENSION}`, import.meta.url));
const RECORDER = fileURLToPath(new URL(`./record-imports${EXTENSION}`, import.meta.url));
const NODE_FLAGS = process.execArgv.filter((flag) => flag !== "--expose-gc");

const SDK_PACKAGES: Record<string, string> = {
  openai: "/node_modules/openai/",
  google: "/node_modules/@google/genai/",
  anthropic: "/node_modules/@anthropic-ai/sdk/",
};

/** Runs one child; returns its own measure (script start to ready) and the whole process's wall time. */
function runChild(args: string[], extraFlags: string[] = [], env: NodeJS.ProcessEnv = process.env) {
  const startedAt = performance.now();
  const result = spawnSync(process.execPath, [...NODE_FLAGS, ...extraFlags, CHILD, ...args], {
    encoding: "utf8",
    env,
  });
  const wallMs = performance.now() - startedAt;
  if (result.status !== 0) throw new Error(`cold-start child ${args.join(" ")} failed: ${result.stderr}`);
  const lines = result.stdout.trim().split("\n");
  const reported = JSON.parse(lines[lines.length - 1]) as { ms: number; phases?: Record<string, number> };
  return { ...reported, wallMs };
}

interface Variant {
  name: string;
  sdk: string[];
  runtime: string[];
}

function measureVariants(variants: Variant[], rounds: number) {
  const samples = variants.map(
    () => [] as Array<{ sdk: number; runtime: number; sdkWall: number; runtimeWall: number }>,
  );
  for (let index = 0; index < rounds; index++) {
    progress(`cold start, round ${index + 1} of ${rounds}`);
    variants.forEach((variant, at) => {
      const sdkFirst = (index + at) % 2 === 0;
      const first = runChild(sdkFirst ? variant.sdk : variant.runtime);
      const second = runChild(sdkFirst ? variant.runtime : variant.sdk);
      const [sdk, runtime] = sdkFirst ? [first, second] : [second, first];
      samples[at].push({
        sdk: sdk.ms,
        runtime: runtime.ms,
        sdkWall: sdk.wallMs,
        runtimeWall: runtime.wallMs,
      });
    });
  }
  return variants.map((variant, at) => {
    const across = (pick: (sample: (typeof samples)[number][number]) => number) =>
      round(median(samples[at].map(pick)), 1);
    return {
      config: variant.name,
      importSdksMs: across((s) => s.sdk),
      createRuntimeMs: across((s) => s.runtime),
      extraMs: across((s) => s.runtime - s.sdk),
      importSdksProcessMs: across((s) => s.sdkWall),
      createRuntimeProcessMs: across((s) => s.runtimeWall),
    };
  });
}

/** Medians over rounds of each phase of a one-provider cold start (see timePhases in the child). */
function measurePhases(provider: string, rounds: number): Record<string, number> {
  const samples = Array.from({ length: rounds }, () => runChild(["phases", provider]).phases ?? {});
  return Object.fromEntries(
    Object.keys(samples[0]).map((name) => [name, round(median(samples.map((phases) => phases[name])), 1)]),
  );
}

/** Which SDK packages (and whether cosmiconfig) a one-provider runtime resolved. */
function provenImports(provider: string) {
  const folder = mkdtempSync(join(tmpdir(), "llm-bench-imports-"));
  const log = join(folder, "imports.txt");
  try {
    runChild(["runtime", provider], ["--import", RECORDER], { ...process.env, BENCH_IMPORT_LOG: log });
    const urls = readFileSync(log, "utf8").split("\n");
    const sdks = Object.keys(SDK_PACKAGES).filter((name) =>
      urls.some((url) => url.includes(SDK_PACKAGES[name])),
    );
    return {
      config: `names ${provider} only`,
      sdksImported: sdks,
      onlyThatSdk: sdks.length === 1 && sdks[0] === provider,
      cosmiconfigImported: urls.some((url) => url.includes("/node_modules/cosmiconfig/")),
      modulesResolved: new Set(urls.filter(Boolean)).size,
    };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

function main(): void {
  const empty = mkdtempSync(join(tmpdir(), "llm-bench-default-"));
  try {
    const variants: Variant[] = [
      ...PROVIDERS.map((provider) => ({
        name: `names ${provider} only`,
        sdk: ["sdk", provider],
        runtime: ["runtime", provider],
      })),
      {
        name: "default config (no file, three keys)",
        sdk: ["sdk", ...PROVIDERS],
        runtime: ["default", empty],
      },
    ];
    const results = measureVariants(variants, roundsFromEnvironment(7));
    progress("cold start, recording imports");
    progress("cold start, phases");
    const phases = { provider: "openai", ms: measurePhases("openai", roundsFromEnvironment(5)) };
    report({ target: { extraMs: 30 }, results, phases, imports: PROVIDERS.map(provenImports) });
  } finally {
    rmSync(empty, { recursive: true, force: true });
  }
}

main();
