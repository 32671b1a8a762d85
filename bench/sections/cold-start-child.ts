/**
 * One cold start, in a fresh process started by the cold-start section: `sdk <name>...` imports
 * those SDKs, `runtime <provider>` imports the runtime and builds it from a config naming only that
 * provider (and the default behaviour plugins), `default` builds it from no config at all in an
 * empty folder with all three API keys set. Prints the milliseconds it took as one JSON line.
 */
import { pathToFileURL } from "node:url";

// A builtin module, loaded before this line whatever its place: the clock starts here.
const startedAt = performance.now();

const SDK_MODULES: Record<string, string> = {
  openai: "openai",
  google: "@google/genai",
  anthropic: "@anthropic-ai/sdk",
};

const KEYS = {
  OPENAI_API_KEY: "sk-bench-openai",
  GEMINI_API_KEY: "AIza-bench-google",
  ANTHROPIC_API_KEY: "sk-ant-bench",
};

async function importSdks(names: string[]): Promise<void> {
  for (const name of names) await import(SDK_MODULES[name]);
}

/** The runtime as users import it: the bundled package when the harness built one (BENCH_RUNTIME_ENTRY). */
async function importRuntime(): Promise<typeof import("../../src/index.js")> {
  const entry = process.env.BENCH_RUNTIME_ENTRY;
  return entry ? import(pathToFileURL(entry).href) : import("../../src/index.js");
}

async function buildRuntime(provider: string): Promise<void> {
  const { createRuntime } = await importRuntime();
  const runtime = await createRuntime({
    config: {
      plugins: [provider, "retry", "fallback", "id-translation", "debug-dump"],
      providers: { [provider]: { type: provider, apiKey: "bench-key" } },
      clients: { default: { provider, model: "bench-model" } },
    },
    env: {},
  });
  await runtime.close();
}

async function buildDefaultRuntime(folder: string): Promise<void> {
  const { createRuntime } = await importRuntime();
  const runtime = await createRuntime({ cwd: folder, env: KEYS });
  await runtime.close();
}

/**
 * Where a one-provider cold start goes, step by step (each import pays only for what the steps
 * before it did not load): the runtime's own modules (the bundle carries pino), the
 * SDK, and then createRuntime itself (config validation, plugin loading, building the client).
 */
async function timePhases(provider: string): Promise<Record<string, number>> {
  const phases: Record<string, number> = {};
  let last = performance.now();
  const step = async (name: string, work: () => Promise<unknown>) => {
    await work();
    const now = performance.now();
    phases[name] = now - last;
    last = now;
  };
  await step("the runtime's modules (with pino)", () => importRuntime());
  await step("the SDK", () => importSdks([provider]));
  await step("createRuntime", () => buildRuntime(provider));
  return phases;
}

const [mode, ...rest] = process.argv.slice(2);
if (mode === "phases") {
  process.stdout.write(
    `${JSON.stringify({ ms: performance.now() - startedAt, phases: await timePhases(rest[0]) })}\n`,
  );
  process.exit(0);
}
if (mode === "sdk") await importSdks(rest);
else if (mode === "runtime") await buildRuntime(rest[0]);
else if (mode === "default") await buildDefaultRuntime(rest[0]);
else throw new Error(`cold-start-child: unknown mode ${mode}`);
process.stdout.write(`${JSON.stringify({ ms: performance.now() - startedAt })}\n`);
