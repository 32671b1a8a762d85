/**
 * The baseline of the gateway bench, in its own process: the same runtime on the same fake
 * upstream, called in-process by `connections` concurrent loops for `seconds`. Prints one JSON line:
 * latency p50/p99 in ms and requests per second.
 */
import { BENCH_MESSAGES, benchRuntime } from "./bench-runtime.js";

const [upstream, connectionsText, secondsText] = process.argv.slice(2);
const connections = Number(connectionsText);
const seconds = Number(secondsText);
const runtime = await benchRuntime(upstream);
const client = runtime.client();

async function loop(until: number, latencies: number[]): Promise<void> {
  while (performance.now() < until) {
    const started = performance.now();
    await client.generateResponse(BENCH_MESSAGES);
    latencies.push(performance.now() - started);
  }
}

// Warm-up, then the measured run.
await Promise.all(Array.from({ length: connections }, () => loop(performance.now() + 1000, [])));
const latencies: number[] = [];
const startedAt = performance.now();
await Promise.all(Array.from({ length: connections }, () => loop(startedAt + seconds * 1000, latencies)));
const elapsed = (performance.now() - startedAt) / 1000;
latencies.sort((a, b) => a - b);
const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
process.stdout.write(
  `${JSON.stringify({ p50: at(0.5), p99: at(0.99), requestsPerSecond: latencies.length / elapsed, total: latencies.length })}\n`,
);
await runtime.close();
