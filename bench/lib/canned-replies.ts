/**
 * The canned answers the in-process benchmark serves: a recorded provider response when
 * `../shared/fixtures/recorded` is present, else a body built from the provider's documented format
 * with the fake-server builders of `src/testing` (so a fresh clone runs the same benchmark).
 */
import {
  formatSseEvent,
  googleGenerateContentResponse,
  openAIChatCompletion,
  openAIChunkEvents,
  readRecordedChunks,
  readRecordedJson,
  type SseEvent,
} from "../../src/testing/index.js";
import { anthropicMessage, anthropicStreamEvents } from "../../src/testing/protocols/anthropic-protocol.js";

export const PROVIDERS = ["openai", "google", "anthropic"] as const;
export type ProviderName = (typeof PROVIDERS)[number];

export interface CannedBody {
  text: string;
  /** `recorded:<file>` or `built` (from the documented format). */
  source: string;
}

export interface CannedStream {
  /** One SSE frame per event, each delivered as its own chunk of the response body. */
  frames: Uint8Array[];
  /** SSE events carrying text. */
  textEvents: number;
  source: string;
}

export interface CannedReplies {
  /** The answer to the 2-message request: a text reply. */
  text: CannedBody;
  /** The answer to the 50-message conversation: a reply with two tool calls. */
  toolCalls: CannedBody;
  stream: CannedStream;
}

const RECORDED_TEXT: Record<ProviderName, string> = {
  openai: "openai-text",
  google: "google-text",
  anthropic: "anthropic-text",
};

/** Text events per stream: enough that the cost per chunk shows beside the cost per request. */
const STREAM_TEXT_EVENTS = 100;

const PIECES = Array.from({ length: STREAM_TEXT_EVENTS }, (_, index) => `piece ${index} of the answer. `);

function builtText(provider: ProviderName): unknown {
  if (provider === "openai") return openAIChatCompletion({ content: "2, 3 and 5." });
  if (provider === "google") return googleGenerateContentResponse({ text: "2, 3 and 5." });
  return anthropicMessage({ text: "2, 3 and 5." });
}

function builtToolCalls(provider: ProviderName): unknown {
  const calls = [
    { id: "call_bench_0001", name: "write_file", args: { path: "src/a.ts", text: "export {};" } },
    { id: "call_bench_0002", name: "read_file", args: { path: "src/b.ts" } },
  ];
  if (provider === "openai") {
    return openAIChatCompletion({
      toolCalls: calls.map(({ id, name, args }) => ({ id, name, arguments: args })),
    });
  }
  if (provider === "google") {
    return googleGenerateContentResponse({ functionCalls: calls.map(({ name, args }) => ({ name, args })) });
  }
  return anthropicMessage({
    toolUses: calls.map(({ id, name, args }) => ({ id: id.replace("call", "toolu"), name, input: args })),
  });
}

function builtStream(provider: ProviderName): SseEvent[] {
  if (provider === "openai") return openAIChunkEvents({ textPieces: PIECES });
  if (provider === "google") {
    return PIECES.map((text, index) => ({
      data: googleGenerateContentResponse({ text, finishReason: index === PIECES.length - 1 ? "STOP" : "" }),
    }));
  }
  const events = anthropicStreamEvents({ text: "" });
  const delta = events.findIndex((event) => event.event === "content_block_delta");
  const deltas = PIECES.map((text) => ({
    event: "content_block_delta",
    data: { type: "content_block_delta", index: 0, delta: { type: "text_delta", text } },
  }));
  events.splice(delta, 1, ...deltas);
  return events;
}

function recordedStream(provider: ProviderName): SseEvent[] | undefined {
  const events = readRecordedChunks(provider, RECORDED_TEXT[provider], {
    eventFromType: provider === "anthropic",
  });
  // Recorded OpenAI streams lack the `[DONE]` terminator the SDK waits for.
  if (events && provider === "openai") events.push({ data: "[DONE]" });
  return events;
}

function carriesText(event: SseEvent): boolean {
  return /"(text|content)":"[^"]/.test(JSON.stringify(event.data));
}

/**
 * A recorded stream with fewer than STREAM_TEXT_EVENTS text events gets its text events repeated in
 * place, in order, until it has that many: the recorded shapes, at a length where a per-chunk cost
 * can be measured.
 */
function padTextEvents(events: SseEvent[]): SseEvent[] {
  const texts = events.filter(carriesText);
  if (texts.length === 0 || texts.length >= STREAM_TEXT_EVENTS) return events;
  const lastText = events.lastIndexOf(texts[texts.length - 1]);
  const repeats = Array.from(
    { length: STREAM_TEXT_EVENTS - texts.length },
    (_, index) => texts[index % texts.length],
  );
  return [...events.slice(0, lastText + 1), ...repeats, ...events.slice(lastText + 1)];
}

function streamSource(provider: ProviderName, recorded: SseEvent[] | undefined, events: SseEvent[]): string {
  if (!recorded) return "built";
  const file = `recorded:${RECORDED_TEXT[provider]}.chunks.txt`;
  return recorded === events ? file : `${file}, text events repeated to ${STREAM_TEXT_EVENTS}`;
}

export function cannedReplies(provider: ProviderName): CannedReplies {
  const recorded = readRecordedJson(provider, RECORDED_TEXT[provider]);
  const recordedEvents = recordedStream(provider);
  const events = recordedEvents ? padTextEvents(recordedEvents) : builtStream(provider);
  const encoder = new TextEncoder();
  return {
    text: {
      text: JSON.stringify(recorded ?? builtText(provider)),
      source: recorded ? `recorded:${RECORDED_TEXT[provider]}.json` : "built",
    },
    toolCalls: { text: JSON.stringify(builtToolCalls(provider)), source: "built" },
    stream: {
      frames: events.map((event) => encoder.encode(formatSseEvent(event))),
      textEvents: events.filter(carriesText).length,
      source: streamSource(provider, recordedEvents, events),
    },
  };
}
