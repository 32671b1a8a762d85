/**
 * The gateway under load (`node --import tsx bench/gateway.bench.ts`): autocannon
 * against `llm-runtime serve`'s server at 64 and 256 connections, next to the same runtime called
 * in-process on the same fake upstream, then the gateway's heap after 100,000 more requests.
 * Upstream, gateway and baseline each run in their own process; autocannon runs in this one.
 * Prints a Markdown table and writes bench/results/gateway-latest.json. Nothing is asserted.
 *
 * BENCH_SECONDS (default 10) sets each measured run, BENCH_ROUNDS (default 3) the runs of each
 * side per connection count (medians kept), BENCH_HEAP_REQUESTS (default 100000) the heap run.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdirSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg } from "node:os";
import { join } from "node:path";
import { createInterface, type Interface } from "node:readline";
import autocannon from "autocannon";

const ROOT = join(import.meta.dirname, "..");
const SECONDS = Number(process.env.BENCH_SECONDS ?? "10");
const HEAP_REQUESTS = Number(process.env.BENCH_HEAP_REQUESTS ?? "100000");
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? "3");
const CONNECTIONS = [64, 256];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

interface Child {
  process: ChildProcess;
  lines: Interface;
  nextLine(): Promise<string>;
  stop(): Promise<void>;
}

function start(script: string, args: string[] = [], gc = false): Child {
  const child = spawn(
    process.execPath,
    [...(gc ? ["--expose-gc"] : []), "--import", "tsx", join(ROOT, "bench", "gateway", script), ...args],
    { stdio: ["pipe", "pipe", "inherit"] },
  );
  const lines = createInterface({ input: child.stdout });
  const queue: string[] = [];
  const waiting: Array<(line: string) => void> = [];
  lines.on("line", (line) => {
    const wake = waiting.shift();
    if (wake) wake(line);
    else queue.push(line);
  });
  return {
    process: child,
    lines,
    nextLine: () => {
      const line = queue.shift();
      return line !== undefined ? Promise.resolve(line) : new Promise((resolve) => waiting.push(resolve));
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = once(child, "exit");
      child.stdin?.end();
      await exited;
    },
  };
}

const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;
const BODY = JSON.stringify({ model: "default", messages: [{ role: "user", content: "ping" }] });

async function main(): Promise<void> {
  const upstream = start("upstream-process.ts");
  const upstreamUrl = await upstream.nextLine();
  const gateway = start("gateway-process.ts", [upstreamUrl], true);
  const gatewayUrl = await gateway.nextLine();
  const rows: Array<Record<string, number>> = [];
  try {
    const load = {
      url: `${gatewayUrl}/v1/chat/completions`,
      method: "POST",
      headers: { "content-type": "application/json" },
      body: BODY,
    };
    // Warm-up: the gateway compiles its hot paths (fastify, the SDK, the runtime) before any run counts.
    await autocannon({ ...load, connections: 64, duration: 10 });
    for (const connections of CONNECTIONS) {
      // Gateway and in-process runs alternate, ROUNDS of each, and the medians are kept: on a
      // shared machine the load drifts, and two runs far apart would measure the drift.
      const gatewayRuns: Array<{ p50: number; p99: number; rps: number; failed: number }> = [];
      const baselineRuns: Array<{ p50: number; p99: number; rps: number }> = [];
      for (let round = 0; round < ROUNDS; round++) {
        const served = await autocannon({ ...load, connections, duration: SECONDS });
        gatewayRuns.push({
          p50: served.latency.p50,
          p99: served.latency.p99,
          rps: served.requests.average,
          failed: served.errors + served.non2xx + served.timeouts,
        });
        const baselineProcess = start("in-process-process.ts", [
          upstreamUrl,
          String(connections),
          String(SECONDS),
        ]);
        const baseline = JSON.parse(await baselineProcess.nextLine()) as {
          p50: number;
          p99: number;
          requestsPerSecond: number;
        };
        await baselineProcess.stop();
        baselineRuns.push({ p50: baseline.p50, p99: baseline.p99, rps: baseline.requestsPerSecond });
      }
      const gatewayMedian = {
        p50: median(gatewayRuns.map((run) => run.p50)),
        p99: median(gatewayRuns.map((run) => run.p99)),
        rps: median(gatewayRuns.map((run) => run.rps)),
      };
      const baselineMedian = {
        p50: median(baselineRuns.map((run) => run.p50)),
        p99: median(baselineRuns.map((run) => run.p99)),
        rps: median(baselineRuns.map((run) => run.rps)),
      };
      rows.push({
        connections,
        gatewayP50Ms: round(gatewayMedian.p50),
        gatewayP99Ms: round(gatewayMedian.p99),
        gatewayRps: round(gatewayMedian.rps, 0),
        gatewayFailed: gatewayRuns.reduce((sum, run) => sum + run.failed, 0),
        inProcessP50Ms: round(baselineMedian.p50),
        inProcessP99Ms: round(baselineMedian.p99),
        inProcessRps: round(baselineMedian.rps, 0),
        overheadP50Ms: round(gatewayMedian.p50 - baselineMedian.p50),
        overheadP99Ms: round(gatewayMedian.p99 - baselineMedian.p99),
        throughputRatio: round(gatewayMedian.rps / baselineMedian.rps),
      });
    }
    gateway.process.stdin?.write("heap\n");
    const heapBefore = Number(await gateway.nextLine());
    const heapStartedAt = performance.now();
    const heapRun = await autocannon({ ...load, connections: 64, amount: HEAP_REQUESTS });
    const heapSeconds = (performance.now() - heapStartedAt) / 1000;
    gateway.process.stdin?.write("heap\n");
    const heapAfter = Number(await gateway.nextLine());
    const heap = {
      requests: heapRun.requests.total,
      requestsPerSecond: round(heapRun.requests.total / heapSeconds, 0),
      non2xx: heapRun.non2xx,
      timeouts: heapRun.timeouts,
      errors: heapRun.errors,
      heapBeforeMiB: round(heapBefore / 2 ** 20),
      heapAfterMiB: round(heapAfter / 2 ** 20),
      growthMiB: round((heapAfter - heapBefore) / 2 ** 20),
    };
    const results = {
      date: new Date().toISOString(),
      node: process.version,
      cores: availableParallelism(),
      cpu: cpus()[0]?.model,
      loadAverageAtEnd: loadavg().map((value) => round(value)),
      secondsPerRun: SECONDS,
      roundsPerSide: ROUNDS,
      rows,
      heap,
    };
    console.log(
      "| connections | gateway p50 / p99 ms | in-process p50 / p99 ms | overhead p50 / p99 ms | gateway req/s | in-process req/s | ratio |",
    );
    console.log("| --- | --- | --- | --- | --- | --- | --- |");
    for (const row of rows) {
      console.log(
        `| ${row.connections} | ${row.gatewayP50Ms} / ${row.gatewayP99Ms} | ${row.inProcessP50Ms} / ${row.inProcessP99Ms} | ${row.overheadP50Ms} / ${row.overheadP99Ms} | ${row.gatewayRps} | ${row.inProcessRps} | ${row.throughputRatio} |`,
      );
    }
    console.log(
      `\nheap after GC: ${heap.heapBeforeMiB} MiB before, ${heap.heapAfterMiB} MiB after ${heap.requests} requests at ${heap.requestsPerSecond} req/s (${heap.non2xx} non-2xx, ${heap.timeouts} timeouts, ${heap.errors} errors); load ${results.loadAverageAtEnd.join(" ")}`,
    );
    mkdirSync(join(ROOT, "bench", "results"), { recursive: true });
    writeFileSync(
      join(ROOT, "bench", "results", "gateway-latest.json"),
      `${JSON.stringify(results, null, 2)}\n`,
    );
  } finally {
    await gateway.stop();
    await upstream.stop();
  }
}

await main();
