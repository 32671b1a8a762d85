// Streaming cost of the runtime against the raw openai SDK: time to the first text delta and the
// whole stream, both over one injected fetch that answers at once with the recorded 303-chunk
// stream (../shared/fixtures/recorded/openai/openai-text.chunks.txt), so the difference is the
// runtime's own work. Run: node --import tsx bench/openai-stream/openai-stream.bench.ts
import { fileURLToPath } from "node:url";
import OpenAI from "openai";
import { pino } from "pino";
import { createOpenAIProviderClient } from "../../plugins/openai/openai-client.js";
import { createRuntime, type RequestContext } from "../../src/index.js";
import { readRecordedChunks } from "../../src/testing/recorded-fixtures.js";
import { setCannedFetch } from "./canned-openai-plugin.js";

const chunks = readRecordedChunks("openai", "openai-text");
if (!chunks) {
  console.log("skipped: ../shared/fixtures/recorded/openai/openai-text.chunks.txt is absent");
  process.exit(0);
}
const encoder = new TextEncoder();
const frames = [...chunks.map((chunk) => JSON.stringify(chunk.data)), "[DONE]"].map((data) =>
  encoder.encode(`data: ${data}\n\n`),
);

/** One SSE frame per read, as a network delivers them. */
const cannedFetch: typeof fetch = async () => {
  let next = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (next < frames.length) controller.enqueue(frames[next++]);
      else controller.close();
    },
  });
  return new Response(body, { status: 200, headers: { "content-type": "text/event-stream" } });
};
setCannedFetch(cannedFetch);

const BASE_URL = "http://127.0.0.1:9/v1";
const raw = new OpenAI({ apiKey: "sk-bench", baseURL: BASE_URL, fetch: cannedFetch, maxRetries: 0 });
const runtime = await createRuntime({
  config: {
    plugins: [{ use: fileURLToPath(new URL("./canned-openai-plugin.ts", import.meta.url)) }],
    providers: { openai: { type: "openai", apiKey: "sk-bench", baseURL: BASE_URL } },
    clients: { default: { provider: "openai", model: "gpt-4.1-nano" } },
  },
  env: {},
  logger: pino({ level: "info" }, { write: () => undefined }),
});
const client = runtime.client();
const logger = pino({ level: "info" }, { write: () => undefined });
const providerClient = await createOpenAIProviderClient(
  { name: "openai", type: "openai", apiKey: "sk-bench", baseURL: BASE_URL },
  { fetch: cannedFetch },
);
const messages = [{ role: "user" as const, content: "Invent a holiday." }];

interface Sample {
  firstMs: number;
  totalMs: number;
  deltas: number;
}

async function rawStream(): Promise<Sample> {
  const started = performance.now();
  let firstMs = 0;
  let deltas = 0;
  const stream = await raw.chat.completions.create({
    model: "gpt-4.1-nano",
    messages,
    stream: true,
    stream_options: { include_usage: true },
  });
  for await (const chunk of stream) {
    if (chunk.choices[0]?.delta?.content) {
      deltas += 1;
      if (deltas === 1) firstMs = performance.now() - started;
    }
  }
  return { firstMs, totalMs: performance.now() - started, deltas };
}

async function runtimeStream(): Promise<Sample> {
  const started = performance.now();
  let firstMs = 0;
  let deltas = 0;
  for await (const event of client.streamResponse(messages)) {
    if (event.type === "text-delta") {
      deltas += 1;
      if (deltas === 1) firstMs = performance.now() - started;
    }
  }
  return { firstMs, totalMs: performance.now() - started, deltas };
}

/** The plugin alone, without the kernel: what the provider layer adds to the raw SDK. */
async function providerStream(): Promise<Sample> {
  const started = performance.now();
  let firstMs = 0;
  let deltas = 0;
  const request = { provider: "openai", model: "gpt-4.1-nano", messages, params: {} };
  const context = { signal: new AbortController().signal, logger } as unknown as RequestContext;
  for await (const event of providerClient.stream?.(request, context) ?? []) {
    if (event.type === "text-delta") {
      deltas += 1;
      if (deltas === 1) firstMs = performance.now() - started;
    }
  }
  return { firstMs, totalMs: performance.now() - started, deltas };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const ROUNDS = 400;
for (let i = 0; i < 50; i++) {
  await rawStream();
  await providerStream();
  await runtimeStream();
}
const rawSamples: Sample[] = [];
const providerSamples: Sample[] = [];
const runtimeSamples: Sample[] = [];
for (let i = 0; i < ROUNDS; i++) {
  rawSamples.push(await rawStream());
  providerSamples.push(await providerStream());
  runtimeSamples.push(await runtimeStream());
}
const report = (name: string, samples: Sample[]) => ({
  name,
  firstUs: median(samples.map((s) => s.firstMs)) * 1000,
  totalUs: median(samples.map((s) => s.totalMs)) * 1000,
  deltas: samples[0].deltas,
});
const rows = [
  report("raw openai SDK", rawSamples),
  report("plugin stream, no kernel", providerSamples),
  report("runtime streamResponse", runtimeSamples),
];
for (const row of rows) {
  console.log(
    `${row.name.padEnd(24)} first text delta ${row.firstUs.toFixed(0).padStart(6)} µs   whole stream ${row.totalUs.toFixed(0).padStart(6)} µs   (${row.deltas} text deltas, ${frames.length} SSE frames)`,
  );
}
const [rawRow, pluginRow, runtimeRow] = rows;
const perChunk = (row: (typeof rows)[number]) => ((row.totalUs - rawRow.totalUs) / chunks.length).toFixed(2);
console.log(`plugin alone: per chunk +${perChunk(pluginRow)} µs`);
console.log(
  `runtime overhead: first delta +${(runtimeRow.firstUs - rawRow.firstUs).toFixed(0)} µs, whole stream +${(runtimeRow.totalUs - rawRow.totalUs).toFixed(0)} µs, per chunk +${perChunk(runtimeRow)} µs (medians of ${ROUNDS})`,
);
await runtime.close();
