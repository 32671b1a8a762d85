import { ConnectionError, type LLMProviderError, type StreamEvent } from "../../src/index.js";
import { AnthropicEventAccumulator } from "./accumulate-anthropic-events.js";
import type { AnthropicStreamEvent } from "./anthropic-api-types.js";
import { findUnusableToolUse, unusableToolUseError } from "./check-anthropic-tool-calls.js";
import { mapAnthropicResponse } from "./map-anthropic-response.js";

interface StreamTarget {
  provider: string;
  model: string;
}

/** The SDK's raw event stream (`messages.create({ stream: true })`), with its abort controller. */
export type AnthropicEventStream = AsyncIterable<unknown> & { controller: AbortController };

/**
 * The runtime's stream events for the SDK's raw Messages events: text, thinking and tool-input
 * deltas as they arrive, then one `finish` whose output `mapAnthropicResponse` builds from the
 * `message` the same reply has without streaming. `open` makes the call (its errors already
 * typed). The reply is complete only once `message_stop` arrived: a stream that ends (or is cut)
 * before it throws ConnectionError, or, when it ended inside a call's input, a
 * `tool_call_truncated` error; it never finishes cleanly. `mapError` types what reading threw
 * (the SDK ends its iteration quietly on an abort, so the signal is checked after the last event).
 * Left early (`return()`) or failing, it aborts the HTTP stream.
 */
export async function* streamAnthropicEvents(
  open: () => Promise<AnthropicEventStream>,
  target: StreamTarget,
  signal: AbortSignal,
  mapError: (error: unknown) => LLMProviderError,
): AsyncGenerator<StreamEvent> {
  const events = await open();
  const accumulator = new AnthropicEventAccumulator();
  let ended = false;
  try {
    try {
      for await (const event of events) {
        if (typeof event !== "object" || event === null) continue;
        const runtimeEvent = accumulator.add(event as AnthropicStreamEvent);
        if (runtimeEvent !== undefined) yield runtimeEvent;
      }
    } catch (thrown) {
      const error = mapError(thrown);
      const openCall = accumulator.openToolCall();
      throw error.code === "connection" && openCall
        ? unusableToolUseError(openCall.block, "cut", target, error)
        : error;
    }
    if (signal.aborted) throw mapError(signal.reason);
    for (const event of lastEvents(accumulator, target)) yield event;
    ended = true;
  } finally {
    // The SDK's iterator also aborts when left early; this does not rely on it.
    if (!ended) events.controller.abort();
  }
}

/** The held calls' events and the finish, once the stream ended; throws when it ended too soon. */
function lastEvents(accumulator: AnthropicEventAccumulator, target: StreamTarget): StreamEvent[] {
  const openCall = accumulator.openToolCall();
  if (openCall) throw unusableToolUseError(openCall.block, "cut", target);
  if (!accumulator.stopped) {
    throw new ConnectionError("the stream ended before Anthropic's message_stop event", {
      ...target,
      fix: "retry; the connection was cut before the reply was complete",
    });
  }
  const response = accumulator.toResponse();
  const malformed = accumulator.malformedToolCall();
  if (malformed) {
    const how = response.stop_reason === "max_tokens" ? "max_tokens" : "malformed";
    throw unusableToolUseError(malformed.block, how, target);
  }
  const unusable = findUnusableToolUse(response, target);
  if (unusable) throw unusable;
  return [
    ...accumulator.releaseHeldCalls(),
    { type: "finish", output: mapAnthropicResponse(response, target) },
  ];
}
