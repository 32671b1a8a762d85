import assert from "node:assert/strict";
import type { LLMOutput } from "../../contract/output.js";
import type { StreamEvent } from "../../contract/stream.js";
import type { LLMProviderError } from "../../errors/provider-errors.js";
import type { SseReply } from "../fake-server-types.js";
import type { ConformanceStreamAdapter } from "./conformance-adapter.js";
import type { ConformanceContext } from "./conformance-context.js";

export interface CollectedStream {
  events: StreamEvent[];
  error: LLMProviderError | undefined;
}

/** Reads a stream to its end (or first failure), keeping every event. */
export async function collectStream(stream: AsyncIterable<StreamEvent>): Promise<CollectedStream> {
  const events: StreamEvent[] = [];
  try {
    for await (const event of stream) events.push(event);
  } catch (error) {
    return { events, error: error as LLMProviderError };
  }
  return { events, error: undefined };
}

export function eventsOfType<T extends StreamEvent["type"]>(
  events: StreamEvent[],
  type: T,
): Array<Extract<StreamEvent, { type: T }>> {
  return events.filter((event): event is Extract<StreamEvent, { type: T }> => event.type === type);
}

/** The joined text deltas. */
export function streamedText(events: StreamEvent[]): string {
  return eventsOfType(events, "text-delta")
    .map((event) => event.delta)
    .join("");
}

/** The output of the one `finish` event, which must be the last event. */
export function finishOutput(events: StreamEvent[]): LLMOutput {
  const finishes = eventsOfType(events, "finish");
  assert.equal(finishes.length, 1, "exactly one finish event");
  assert.equal(events.at(-1)?.type, "finish", "finish is the last event");
  return finishes[0].output;
}

/** An output without its attempt list (which differs between two calls by design). */
export function withoutAttempts(output: LLMOutput): Omit<LLMOutput, "attempts"> {
  const { attempts: _attempts, ...rest } = output;
  return rest;
}

/** Index of the first event whose payload holds `marker` (a text piece), for cuts and stalls after it. */
export function eventIndexOf(reply: SseReply, marker: string): number {
  const index = reply.events.findIndex((event) => JSON.stringify(event.data).includes(marker));
  assert.ok(index >= 0, `the adapter's stream carries the piece ${JSON.stringify(marker)}`);
  return index;
}

export async function waitUntil(condition: () => boolean, what: string, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    assert.ok(Date.now() < deadline, `${what} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Titles of every streaming case, for the pending list of an adapter without stream replies. */
export const STREAM_CASE_TITLES = [
  "streams plain text as several deltas whose join equals the non-streaming content",
  "streams one tool call as start, argument deltas and end, with arguments that parse",
  "streams parallel tool calls in order with distinct ids",
  "closes the HTTP stream when the caller breaks out of the loop",
  "ends a stream silent for longer than idleTimeoutMs with TimeoutError phase idle",
  "retries a failure answered before the stream started, and the caller sees no duplicate",
  "retries an error event sent after status 200 before any delta",
  "ends with ProviderUnavailableError and partialOutput when an error event follows a delta, never retrying",
  "ends a stream cut after a delta with ConnectionError carrying partialOutput and one request on the wire",
  "ends with AbortError and closes the HTTP stream when the caller aborts mid-stream",
  "leaves no timer or abort listener behind after finished, broken-off and failed streams",
  "replays every recorded stream to a finish equal to generateResponse on the same reply",
];

/** The stream adapter, or a failed assertion naming what the case needs. */
export function streamAdapter(context: ConformanceContext): ConformanceStreamAdapter {
  const { stream } = context.adapter;
  assert.ok(stream, "the adapter declares stream replies");
  return stream;
}
