/**
 * Memory: heap used after a full GC, after 1,000 requests and again after 100,000, per request path
 * (see memory-paths.ts). Each path runs in its own process; 16 requests in flight. Growth between
 * the two points would be a cache, map or listener kept per request.
 */
import { fileURLToPath } from "node:url";
import { createRuntime } from "../../src/index.js";
import { silentSinkLogger } from "../lib/bench-logger.js";
import { installCannedFetch } from "../lib/canned-fetch.js";
import {
  answerFor,
  forgetScriptedRequests,
  memoryConfig,
  PATHS,
  type PathName,
  type PathProvider,
  requestFor,
} from "../lib/memory-paths.js";
import { runCaseProcess } from "../lib/run-case-process.js";
import { progress, report, scaled } from "../lib/section-io.js";
import { collectGarbage, round } from "../lib/stats.js";

const CHECKPOINTS = [1_000, 25_000, 50_000, 100_000];
const IN_FLIGHT = 16;

function heapMb(): number {
  collectGarbage();
  return round(process.memoryUsage().heapUsed / 1024 / 1024, 2);
}

async function measurePath(provider: PathProvider, path: PathName) {
  installCannedFetch();
  answerFor(path);
  const runtime = await createRuntime({
    config: memoryConfig(provider, path),
    env: {},
    logger: silentSinkLogger(),
  });
  const request = requestFor(runtime, path);
  const outcomes = new Map<string, number>();
  const heap: Record<string, number> = {};
  let sent = 0;
  for (const checkpoint of CHECKPOINTS.map((count) => scaled(count, 100))) {
    const worker = async () => {
      while (sent < checkpoint) {
        const outcome = await request(sent++);
        outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
    forgetScriptedRequests(runtime, provider, path);
    heap[String(checkpoint)] = heapMb();
  }
  await runtime.close();
  const counts = Object.values(heap);
  return {
    provider,
    path,
    requests: sent,
    outcomes: Object.fromEntries(outcomes),
    heapMb: heap,
    growthMb: round(counts[counts.length - 1] - counts[0], 2),
  };
}

async function main(): Promise<void> {
  if (process.env.BENCH_CASE) {
    const [provider, path] = process.env.BENCH_CASE.split(":") as [PathProvider, PathName];
    report(await measurePath(provider, path));
    return;
  }
  const results = [];
  for (const provider of Object.keys(PATHS) as PathProvider[]) {
    for (const path of PATHS[provider]) {
      progress(`memory ${provider}, ${path}`);
      results.push(runCaseProcess(fileURLToPath(import.meta.url), `${provider}:${path}`));
    }
  }
  report({ target: { growthMb: 5 }, inFlight: IN_FLIGHT, results });
}

await main();
