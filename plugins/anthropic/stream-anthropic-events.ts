import { ConnectionError, LLMProviderError, type StreamEvent } from "../../src/index.js";
import { AnthropicEventAccumulator, type StreamedBlock } from "./accumulate-anthropic-events.js";
import type { AnthropicStreamEvent } from "./anthropic-api-types.js";
import { mapAnthropicResponse } from "./map-anthropic-response.js";

interface StreamTarget {
  provider: string;
  model: string;
}

/** How a tool call's arguments came to be unusable. */
type Truncation = "cut" | "max_tokens" | "malformed";

/** A call whose arguments are not complete JSON never becomes a call anyone could run. */
function unusableCall(state: StreamedBlock, how: Truncation, target: StreamTarget, cause?: unknown) {
  const call = `tool call ${state.block.id ?? "?"} (${state.block.name ?? "?"})`;
  if (how === "cut") {
    return new LLMProviderError("provider_error", `the stream ended inside the arguments of ${call}`, {
      ...target,
      cause,
      providerCode: "tool_call_truncated",
      retryable: true,
      fix: "retry; the connection was cut before the call's arguments were complete, so the call was not run",
    });
  }
  const cutByLength = how === "max_tokens";
  const reason = cutByLength ? "max_tokens cut it off" : "they are not valid JSON";
  return new LLMProviderError("provider_error", `${call} has unusable arguments: ${reason}`, {
    ...target,
    providerCode: cutByLength ? "tool_call_truncated" : "malformed_tool_arguments",
    fix: cutByLength
      ? "raise max_tokens so the tool call fits, then retry"
      : "retry; Anthropic streamed tool-call arguments that do not parse",
  });
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
      throw error.code === "connection" && openCall ? unusableCall(openCall, "cut", target, error) : error;
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
  if (openCall) throw unusableCall(openCall, "cut", target);
  if (!accumulator.stopped) {
    throw new ConnectionError("the stream ended before Anthropic's message_stop event", {
      ...target,
      fix: "retry; the connection was cut before the reply was complete",
    });
  }
  const response = accumulator.toResponse();
  const malformed = accumulator.malformedToolCall();
  if (malformed) {
    throw unusableCall(malformed, response.stop_reason === "max_tokens" ? "max_tokens" : "malformed", target);
  }
  return [
    ...accumulator.releaseHeldCalls(),
    { type: "finish", output: mapAnthropicResponse(response, target) },
  ];
}
