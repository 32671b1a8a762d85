/**
 * Over loopback: the raw SDK and `client.generateResponse` (default plugins) against fake provider
 * servers running in a separate process, at 1, 16 and 64 requests in flight. Each round runs the
 * two sides in ABBA order (half the requests each time) so load drifting on this shared machine
 * hits both alike; throughput ratios are taken round by round, then the median.
 */
import { fileURLToPath } from "node:url";
import { createRuntime, type Runtime } from "../../src/index.js";
import { silentSinkLogger } from "../lib/bench-logger.js";
import { captureSentBodies, installCannedFetch, jsonResponse } from "../lib/canned-fetch.js";
import { cannedReplies, PROVIDERS, type ProviderName } from "../lib/canned-replies.js";
import { twoMessages } from "../lib/conversations.js";
import { startServerProcess } from "../lib/loopback-server-process.js";
import { createRawClient, type RawClient, sdkBodyFromWire } from "../lib/raw-clients.js";
import { type BatchResult, runConcurrentBatch } from "../lib/run-concurrent-batch.js";
import { type BaseUrls, MODELS, threeProviderConfig } from "../lib/runtime-config.js";
import { progress, report, roundsFromEnvironment, scaled } from "../lib/section-io.js";
import { collectGarbage, median, percentile, round } from "../lib/stats.js";

const CONCURRENCY = [1, 16, 64];

/** The raw SDK bodies for the 2-message request, captured from the runtime with the canned fetch. */
async function captureRawBodies(): Promise<Record<ProviderName, Record<string, unknown>>> {
  const restore = installCannedFetch();
  const runtime = await createRuntime({ config: threeProviderConfig(), env: {}, logger: silentSinkLogger() });
  const bodies = {} as Record<ProviderName, Record<string, unknown>>;
  for (const provider of PROVIDERS) {
    const answer = () => jsonResponse(cannedReplies(provider).text.text);
    const [sent] = await captureSentBodies(
      () => runtime.client(provider).generateResponse(twoMessages()),
      answer,
    );
    bodies[provider] = sdkBodyFromWire(provider, sent as Record<string, unknown>, MODELS[provider]);
  }
  await runtime.close();
  restore();
  return bodies;
}

interface Side {
  throughput: number;
  p99: number;
  errors: number;
}

function combine(batches: BatchResult[]): Side {
  const latencies = new Float64Array(batches.reduce((sum, batch) => sum + batch.requests, 0));
  let offset = 0;
  for (const batch of batches) {
    latencies.set(batch.latencies, offset);
    offset += batch.requests;
  }
  const elapsedMs = batches.reduce((sum, batch) => sum + batch.elapsedMs, 0);
  return {
    throughput: (latencies.length / elapsedMs) * 1000,
    p99: percentile(latencies, 99),
    errors: batches.reduce((sum, batch) => sum + batch.errors, 0),
  };
}

async function measure(raw: () => Promise<unknown>, runtime: () => Promise<unknown>, concurrency: number) {
  const half = scaled(concurrency === 1 ? 60 : concurrency * 15, concurrency);
  await runConcurrentBatch(raw, half, concurrency);
  await runConcurrentBatch(runtime, half, concurrency);
  const rounds: Array<{ raw: Side; runtime: Side; ratio: number }> = [];
  for (let index = 0; index < roundsFromEnvironment(5); index++) {
    collectGarbage();
    const order = index % 2 === 0 ? [raw, runtime, runtime, raw] : [runtime, raw, raw, runtime];
    const batches: BatchResult[] = [];
    for (const call of order) batches.push(await runConcurrentBatch(call, half, concurrency));
    const rawSide = combine(batches.filter((_, at) => order[at] === raw));
    const runtimeSide = combine(batches.filter((_, at) => order[at] === runtime));
    rounds.push({ raw: rawSide, runtime: runtimeSide, ratio: runtimeSide.throughput / rawSide.throughput });
  }
  const across = (pick: (item: (typeof rounds)[number]) => number, digits = 0) =>
    round(median(rounds.map(pick)), digits);
  return {
    inFlight: concurrency,
    requestsPerSidePerRound: half * 2,
    rounds: rounds.length,
    rawRequestsPerSecond: across((r) => r.raw.throughput),
    runtimeRequestsPerSecond: across((r) => r.runtime.throughput),
    throughputRatio: across((r) => r.ratio, 3),
    rawP99Us: across((r) => r.raw.p99),
    runtimeP99Us: across((r) => r.runtime.p99),
    errors: rounds.reduce((sum, r) => sum + r.raw.errors + r.runtime.errors, 0),
  };
}

async function measureProvider(runtime: Runtime, raw: RawClient, body: unknown, provider: ProviderName) {
  const client = runtime.client(provider);
  const messages = twoMessages();
  const results = [];
  for (const concurrency of CONCURRENCY) {
    progress(`loopback ${provider}, ${concurrency} in flight`);
    const rawCall = () => raw.generate(body);
    results.push(await measure(rawCall, () => client.generateResponse(messages), concurrency));
  }
  return { provider, results };
}

async function main(): Promise<void> {
  const bodies = await captureRawBodies();
  const server = await startServerProcess(fileURLToPath(new URL("./loopback-server.js", import.meta.url)));
  try {
    const urls: BaseUrls = { ...server.urls, openai: `${server.urls.openai}/v1` };
    const runtime = await createRuntime({
      config: threeProviderConfig(urls),
      env: {},
      logger: silentSinkLogger(),
    });
    const providers = [];
    for (const provider of PROVIDERS) {
      const raw = await createRawClient(provider, urls[provider]);
      providers.push(await measureProvider(runtime, raw, bodies[provider], provider));
    }
    await runtime.close();
    report({ target: { throughputRatioAt64: 0.97 }, providers });
  } finally {
    await server.stop();
  }
}

await main();
