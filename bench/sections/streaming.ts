/**
 * Streaming cost: the raw SDK's stream against `client.streamResponse` (default plugins), both read
 * from the same canned SSE body delivered one event per read: time to the first content event and
 * to the end of the stream, and the cost per chunk. One process per provider; interleaved calls.
 */
import { fileURLToPath } from "node:url";
import { createRuntime } from "../../src/index.js";
import { silentSinkLogger } from "../lib/bench-logger.js";
import { installCannedFetch } from "../lib/canned-fetch.js";
import { PROVIDERS, type ProviderName } from "../lib/canned-replies.js";
import { runCaseProcess } from "../lib/run-case-process.js";
import { providersOnlyConfig, threeProviderConfig } from "../lib/runtime-config.js";
import { progress, report, roundsFromEnvironment, scaled } from "../lib/section-io.js";
import { SIDE_NAMES } from "../lib/side-names.js";
import { round } from "../lib/stats.js";
import { buildStreamCase } from "../lib/stream-case.js";
import { streamRounds } from "../lib/stream-rounds.js";

async function measureProvider(provider: ProviderName): Promise<unknown> {
  installCannedFetch();
  const logger = silentSinkLogger();
  const config = threeProviderConfig();
  const full = await createRuntime({ config, env: {}, logger });
  const bare = await createRuntime({ config: providersOnlyConfig(), env: {}, logger });
  const close = () => Promise.all([full.close(), bare.close()]);
  if (!full.providerClient(provider).stream) {
    await close();
    return { provider, skipped: "the provider plugin has no stream() yet" };
  }
  const item = await buildStreamCase({ bare, full }, provider);
  const rounds = roundsFromEnvironment(7);
  const sides = await streamRounds(item.sides, {
    rounds,
    calls: scaled(100, 10),
    warmUpCalls: scaled(300, 5),
  });
  await close();
  const [raw, , , , runtimeSide] = sides;
  const frames = item.stream.frames.length;
  return {
    provider,
    streamSource: item.stream.source,
    sseEvents: frames,
    sameWireBody: item.sameWireBody,
    rounds,
    rawFirstEventP50Us: raw.firstEventP50Us,
    runtimeFirstEventP50Us: runtimeSide.firstEventP50Us,
    firstEventOverheadUs: runtimeSide.firstEventOverFirstUs,
    rawWholeP50Us: raw.wholeP50Us,
    runtimeWholeP50Us: runtimeSide.wholeP50Us,
    wholeOverheadUs: runtimeSide.wholeOverFirstUs,
    perChunkOverheadUs: round(runtimeSide.afterFirstOverFirstUs / frames, 3),
    rawWholeP99Us: raw.wholeP99Us,
    runtimeWholeP99Us: runtimeSide.wholeP99Us,
    sides: Object.fromEntries(SIDE_NAMES.map((name, index) => [name, sides[index]])),
  };
}

async function main(): Promise<void> {
  if (process.env.BENCH_CASE) {
    report(await measureProvider(process.env.BENCH_CASE as ProviderName));
    return;
  }
  const results = [];
  for (const provider of PROVIDERS) {
    progress(`streaming ${provider}`);
    results.push(runCaseProcess(fileURLToPath(import.meta.url), provider));
  }
  report({ targets: { firstEventOverheadUs: 20, perChunkOverheadUs: 1 }, results });
}

await main();
