/**
 * In-process cost: the raw SDK call against the same call through `client.generateResponse`, every
 * side answered at once by the same canned fetch, so the difference is the runtime's own CPU work.
 * Between them, three layers for attribution: the raw call given an AbortSignal (what honouring a
 * signal costs inside the SDK; the runtime always passes one), the provider plugin called alone,
 * and the runtime with only the provider plugin. Each case runs in its own process; calls
 * interleave side by side; GC before each round; medians over rounds.
 */
import { fileURLToPath } from "node:url";
import { createRuntime } from "../../src/index.js";
import { silentSinkLogger } from "../lib/bench-logger.js";
import { installCannedFetch } from "../lib/canned-fetch.js";
import { PROVIDERS, type ProviderName } from "../lib/canned-replies.js";
import { buildInProcessCase, type RequestSize, SIDE_NAMES } from "../lib/in-process-case.js";
import { pairedRounds } from "../lib/paired-rounds.js";
import { runCaseProcess } from "../lib/run-case-process.js";
import { providersOnlyConfig, threeProviderConfig } from "../lib/runtime-config.js";
import { progress, report, roundsFromEnvironment, scaled } from "../lib/section-io.js";

const SIZES: RequestSize[] = ["2 messages", "50 messages"];

/** One case in this process: `<provider>:<size>` from BENCH_CASE. */
async function measureOneCase(caseName: string): Promise<unknown> {
  const [provider, size] = caseName.split(":") as [ProviderName, RequestSize];
  installCannedFetch();
  const logger = silentSinkLogger();
  const config = threeProviderConfig();
  const full = await createRuntime({ config, env: {}, logger });
  const bare = await createRuntime({ config: providersOnlyConfig(), env: {}, logger });
  const item = await buildInProcessCase({ bare, full }, provider, size);
  const rounds = roundsFromEnvironment(9);
  const paired = await pairedRounds(item.sides, { rounds, calls: item.calls, warmUpCalls: scaled(300, 20) });
  await Promise.all([full.close(), bare.close()]);
  const last = SIDE_NAMES.length - 1;
  return {
    provider,
    request: size,
    replySource: item.reply.source,
    sameWireBody: item.sameWireBody,
    callsPerRound: item.calls,
    rounds,
    rawP50Us: paired.p50[0],
    runtimeP50Us: paired.p50[last],
    overheadP50Us: paired.p50OverFirst[last],
    rawP99Us: paired.p99[0],
    runtimeP99Us: paired.p99[last],
    overheadP99Us: paired.p99OverFirst[last],
    targetP50Us: size === "2 messages" ? 15 : 50,
    layersP50Us: Object.fromEntries(SIDE_NAMES.map((name, side) => [name, paired.p50[side]])),
  };
}

async function main(): Promise<void> {
  if (process.env.BENCH_CASE) {
    report(await measureOneCase(process.env.BENCH_CASE));
    return;
  }
  const results = [];
  for (const provider of PROVIDERS) {
    for (const size of SIZES) {
      progress(`in-process ${provider}, ${size}`);
      results.push(runCaseProcess(fileURLToPath(import.meta.url), `${provider}:${size}`));
    }
  }
  report({ plugins: threeProviderConfig().plugins, sides: SIDE_NAMES, results });
}

await main();
