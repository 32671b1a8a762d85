/**
 * One provider's streaming case: the same canned SSE stream read through the raw SDK and through
 * `client.streamResponse`, timing the first event that carries content and the whole stream.
 */
import { isDeepStrictEqual } from "node:util";
import type { LLMRequest, Runtime, StreamEvent, Target } from "../../src/index.js";
import { silentSinkLogger } from "./bench-logger.js";
import { captureSentBodies, setResponder, sseResponse } from "./canned-fetch.js";
import { type CannedStream, cannedReplies, type ProviderName } from "./canned-replies.js";
import { twoMessages } from "./conversations.js";
import { directContext } from "./direct-context.js";
import { createRawClient, type RawClient, sdkBodyFromWire } from "./raw-clients.js";
import { DEFAULT_BASE_URLS, MODELS } from "./runtime-config.js";

/** Microseconds to the first content event, and to the end of the stream. */
export interface StreamTiming {
  firstEventUs: number;
  wholeUs: number;
}

type Chunk = Record<string, unknown> & {
  type?: string;
  choices?: Array<{ delta?: { content?: string; tool_calls?: unknown[] } }>;
  candidates?: Array<{ content?: { parts?: Array<{ text?: string }> } }>;
};

/** Whether a raw SDK chunk carries content (the runtime emits its first event for that chunk). */
function carriesContent(provider: ProviderName, chunk: Chunk): boolean {
  if (provider === "openai") {
    const delta = chunk.choices?.[0]?.delta;
    return Boolean(delta?.content) || Boolean(delta?.tool_calls?.length);
  }
  if (provider === "anthropic") return chunk.type === "content_block_delta";
  return Boolean(chunk.candidates?.[0]?.content?.parts?.some((part) => part.text));
}

async function timeStream(open: () => Promise<AsyncIterable<unknown>>, isFirst: (chunk: unknown) => boolean) {
  const startedAt = performance.now();
  let firstAt = 0;
  for await (const chunk of await open()) {
    if (firstAt === 0 && isFirst(chunk)) firstAt = performance.now();
  }
  const endedAt = performance.now();
  return { firstEventUs: (firstAt - startedAt) * 1000, wholeUs: (endedAt - startedAt) * 1000 };
}

export interface StreamCase {
  provider: ProviderName;
  stream: CannedStream;
  sameWireBody: boolean;
  /** In the order of SIDE_NAMES (side-names.ts). */
  sides: Array<() => Promise<StreamTiming>>;
}

async function drain(stream: AsyncIterable<unknown>): Promise<void> {
  for await (const _ of stream) {
    // read to the end
  }
}

async function captureStreamBodies(
  runtime: Runtime,
  raw: RawClient,
  provider: ProviderName,
  stream: CannedStream,
) {
  const answer = () => sseResponse(stream.frames);
  const client = runtime.client(provider);
  const [sent] = await captureSentBodies(() => drain(client.streamResponse(twoMessages())), answer);
  const rawBody = sdkBodyFromWire(provider, sent as Record<string, unknown>, MODELS[provider]);
  const [rawSent] = await captureSentBodies(async () => drain(await raw.stream(rawBody)), answer);
  setResponder(answer);
  return { rawBody, sameWireBody: isDeepStrictEqual(sent, rawSent) };
}
export async function buildStreamCase(
  runtimes: { bare: Runtime; full: Runtime },
  provider: ProviderName,
): Promise<StreamCase> {
  const raw = await createRawClient(provider, DEFAULT_BASE_URLS[provider]);
  const stream = cannedReplies(provider).stream;
  const { rawBody, sameWireBody } = await captureStreamBodies(runtimes.full, raw, provider, stream);
  const messages = twoMessages();
  const target: Target = { provider, providerType: provider, model: MODELS[provider], params: {} };
  const request: LLMRequest = { provider, model: target.model, messages, params: {} };
  const plugin = runtimes.full.providerClient(provider);
  const pluginStream = plugin.stream;
  if (!pluginStream) throw new Error(`bench: the ${provider} plugin has no stream()`);
  const openPluginStream = pluginStream.bind(plugin);
  const logger = silentSinkLogger();
  const isRawFirst = (chunk: unknown) => carriesContent(provider, chunk as Chunk);
  const isDelta = (event: unknown) => (event as StreamEvent).type !== "finish";
  const [bare, full] = [runtimes.bare.client(provider), runtimes.full.client(provider)];
  return {
    provider,
    stream,
    sameWireBody,
    sides: [
      () => timeStream(() => raw.stream(rawBody), isRawFirst),
      () => timeStream(() => raw.streamWithSignal(rawBody, new AbortController().signal), isRawFirst),
      () => timeStream(async () => openPluginStream(request, directContext(target, logger, true)), isDelta),
      () =>
        timeStream(
          async () => bare.streamResponse(messages),
          () => true,
        ),
      () =>
        timeStream(
          async () => full.streamResponse(messages),
          () => true,
        ),
    ],
  };
}
