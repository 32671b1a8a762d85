import { ConnectionError, type LLMProviderError, type StreamEvent } from "../../src/index.js";
import { CallStop, SseDecoder } from "../../src/provider-utils.js";
import { AnthropicEventAccumulator } from "./accumulate-anthropic-events.js";
import type { AnthropicStreamEvent } from "./anthropic-api-types.js";
import { findUnusableToolUse, unusableToolUseError } from "./check-anthropic-tool-calls.js";
import { mapAnthropicResponse } from "./map-anthropic-response.js";

interface StreamTarget {
  provider: string;
  model: string;
}

/** The HTTP stream of one call once the server answered 2xx: its body and its headers. */
export interface AnthropicResponseStream {
  body: AsyncIterable<Uint8Array>;
  headers: Headers;
}

/** One streamed call: the request to send and how its failures map to the runtime's errors. */
export interface AnthropicStreamCall {
  target: StreamTarget;
  /** The request's signal (`context.signal`). */
  stop: AbortSignal;
  /** Sends the request, the SDK aborting it when `signal` aborts; resolves once the server answered 2xx. */
  open(signal: AbortSignal): Promise<AnthropicResponseStream>;
  /** The error the SDK's reader throws for an `event: error` with this data (see `anthropicErrorEvent`). */
  errorOf(data: string, headers: Headers): Error;
  /** Maps a failure of the request itself (an HTTP error status, a refused connection). */
  mapRequestError(error: unknown): LLMProviderError;
  /** Maps a failure while reading the stream (see `mapAnthropicStreamError`). */
  mapStreamError(error: unknown): LLMProviderError;
}

/**
 * The runtime's stream events for one streamed Messages call: text, thinking and tool-input
 * deltas as they arrive, then one `finish` whose output `mapAnthropicResponse` builds from the
 * `message` the same reply has without streaming. The reply is complete only once `message_stop`
 * arrived: a stream that ends (or is cut) before it throws ConnectionError, or, when it ended
 * inside a call's input, a `tool_call_truncated` error; it never finishes cleanly.
 *
 * The SDK only sends the request and checks its status; the body's events are read here
 * (`SseDecoder`), as @anthropic-ai/sdk 1.14's `Stream` reads them: `ping` and unnamed events
 * skipped, `event: error` thrown as the SDK's APIError (mapped by its `error.type`), any other
 * event's data parsed as JSON. One generator does it all: each layer of async generators (the
 * SDK's reader was two) costs every event promise hops.
 *
 * Without the SDK's Stream there is no controller of its own to stop the call, so the SDK gets a
 * stop of this stream's own, aborted when the request's stop aborts (the one listener this adds
 * is removed before the generator finishes or is abandoned) and when the consumer leaves early
 * (`return()`) or reading fails: the SDK then aborts its fetch and so the body.
 */
export async function* streamAnthropicEvents(call: AnthropicStreamCall): AsyncGenerator<StreamEvent> {
  const { target, stop } = call;
  // The stream's own stop, which also follows the request's signal.
  const callStop = new CallStop(stop);
  let ended = false;
  try {
    let response: AnthropicResponseStream;
    try {
      response = await call.open(callStop.signal);
    } catch (error) {
      throw call.mapRequestError(error);
    }
    const accumulator = new AnthropicEventAccumulator();
    const decoder = new SseDecoder();
    try {
      // message_stop ends the reply: a server that keeps the connection open after it is not waited for
      // (leaving the loop cancels the body).
      reading: for await (const bytes of response.body) {
        for (const { event, data } of decoder.push(bytes)) {
          if (event === "ping" || event === "") continue;
          if (event === "error") throw call.errorOf(data, response.headers);
          const parsed: unknown = JSON.parse(data);
          if (typeof parsed !== "object" || parsed === null) continue;
          const runtimeEvent = accumulator.add(parsed as AnthropicStreamEvent);
          if (runtimeEvent !== undefined) yield runtimeEvent;
          if (accumulator.stopped) break reading;
        }
      }
    } catch (thrown) {
      const error = call.mapStreamError(thrown);
      const openCall = accumulator.openToolCall();
      throw error.code === "connection" && openCall
        ? unusableToolUseError(openCall.block, "cut", target, error)
        : error;
    }
    // An abort that lands once the body was read to its end still stops the reply.
    if (stop.aborted) throw call.mapStreamError(stop.reason);
    const closing = lastEvents(accumulator, target);
    // The body has been read to its end: nothing to abort, and no listener may outlive the call.
    ended = true;
    callStop.release();
    for (const event of closing) yield event;
  } finally {
    callStop.release();
    if (!ended) callStop.abort();
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
