import {
  AbortError,
  ConnectionError,
  LLMProviderError,
  quoteUntrusted,
  type StreamEvent,
} from "../../src/index.js";
import { CallStop, SseDecoder } from "../../src/provider-utils.js";
import { OpenAIChunkAccumulator } from "./accumulate-openai-chunks.js";
import type { AssembledOpenAIToolCall } from "./assemble-openai-tool-call-deltas.js";
import { malformedToolCallError } from "./check-openai-tool-calls.js";
import { mapOpenAIResponse } from "./map-openai-response.js";
import type { OpenAIChunk } from "./openai-api-types.js";

interface StreamTarget {
  provider: string;
  model: string;
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** A reply that ended inside a tool call's arguments never yields a call anyone could execute. */
function truncatedCall(call: AssembledOpenAIToolCall, finishReason: string, target: StreamTarget) {
  const cutByLength = finishReason === "length";
  return new LLMProviderError(
    "provider_error",
    `tool call ${quoteUntrusted(call.id)} (${quoteUntrusted(call.function.name)}) ended with arguments that are not complete JSON (finish_reason "${finishReason}")`,
    {
      ...target,
      providerCode: cutByLength ? "tool_call_truncated" : "malformed_tool_arguments",
      fix: cutByLength
        ? "raise max_tokens (or max_completion_tokens) so the tool call fits, then retry"
        : "retry; the server streamed malformed tool-call arguments",
    },
  );
}

/** The HTTP stream of one call once the server answered 200. */
export interface OpenAIResponseStream {
  body: AsyncIterable<Uint8Array>;
  /** An error object a chunk sent after HTTP 200 (`data: {"error":{...}}`), as the error to map. */
  errorOf(error: unknown): Error;
}

/** One streamed call: the request to send and how its failures map to the runtime's errors. */
export interface OpenAIStreamCall {
  target: StreamTarget;
  /** The request's signal (`context.signal`). */
  signal: AbortSignal;
  /** Sends the request, the SDK aborting it when `signal` aborts; resolves once the server answered 200. */
  open(signal: AbortSignal): Promise<OpenAIResponseStream>;
  /** Maps a failure of the request itself (an HTTP error status, a refused connection). */
  mapRequestError(error: unknown): LLMProviderError;
  /** Maps a failure while reading the stream (see `mapOpenAIStreamError`). */
  mapStreamError(error: unknown): LLMProviderError;
}

/** The `finish` event once the chunks ran out, or the typed error saying why the reply is unusable. */
function finishEvent(accumulator: OpenAIChunkAccumulator, call: OpenAIStreamCall): StreamEvent {
  const { target, signal } = call;
  // An abort that lands once the body was read to its end still stops the reply.
  if (signal.aborted) {
    throw new AbortError("the stream was stopped before its end", { ...target, cause: signal.reason });
  }
  const { finishReason } = accumulator;
  if (finishReason === undefined) {
    throw new ConnectionError("the stream ended before the server sent the reply's finish_reason", {
      ...target,
      fix: "retry; the connection was cut before the reply was complete",
    });
  }
  if (accumulator.malformedToolCalls)
    throw malformedToolCallError("tool_calls that are not a list of objects", target);
  if (accumulator.toolCalls.unnamedCall())
    throw malformedToolCallError("a tool call without a function name", target);
  const calls = accumulator.toolCalls.toolCalls();
  const broken = calls.find((call) => call.function.arguments !== "" && !isJson(call.function.arguments));
  if (broken) throw truncatedCall(broken, finishReason, target);
  return { type: "finish", output: mapOpenAIResponse(accumulator.toCompletion(calls), target) };
}

/**
 * The runtime's stream events for one streamed call: text, reasoning and tool-call deltas as the
 * chunks arrive, then one `finish` whose output `mapOpenAIResponse` builds from the same body the
 * non-streaming call would have returned. The body's events are read here (`SseDecoder`), not
 * by the SDK's reader, which fails on an event without data. `[DONE]` ends the chunks and the read; a
 * chunk carrying `error` fails the stream with it. A stream is complete only once a chunk carried
 * the first choice's `finish_reason`: one that ends before (a cut without `[DONE]`) throws
 * ConnectionError, never a clean finish. One generator does it all: each layer of async generators
 * costs every chunk a promise hop.
 *
 * The SDK gets a stop of this stream's own, aborted when the request's stop aborts (the one
 * listener this adds is removed before the generator finishes or is abandoned) and when the
 * consumer leaves early (`return()`) or reading fails: the SDK then aborts its fetch and so the
 * body. (Its own Stream object, which carries its controller, is never made: see `open`.)
 */
export async function* streamOpenAIEvents(call: OpenAIStreamCall): AsyncGenerator<StreamEvent> {
  // The stream's own stop, which also follows the request's signal.
  const callStop = new CallStop(call.signal);
  let ended = false;
  try {
    let response: OpenAIResponseStream;
    try {
      response = await call.open(callStop.signal);
    } catch (error) {
      throw call.mapRequestError(error);
    }
    let finish: StreamEvent;
    try {
      const accumulator = new OpenAIChunkAccumulator();
      const decoder = new SseDecoder();
      // `[DONE]` ends the chunks: nothing after it counts, and a server that keeps the connection
      // open after it is not waited for (leaving the loop cancels the body).
      reading: for await (const bytes of response.body) {
        for (const { data } of decoder.push(bytes)) {
          if (data.startsWith("[DONE]")) break reading;
          const chunk: unknown = JSON.parse(data);
          if (typeof chunk !== "object" || chunk === null) continue;
          const { error } = chunk as { error?: unknown };
          if (error) throw response.errorOf(error);
          for (const event of accumulator.add(chunk as OpenAIChunk)) yield event;
        }
      }
      finish = finishEvent(accumulator, call);
    } catch (error) {
      throw call.mapStreamError(error);
    }
    // The body has been read to its end: nothing to abort, and no listener may outlive the call.
    ended = true;
    callStop.release();
    yield finish;
  } finally {
    callStop.release();
    if (!ended) callStop.abort();
  }
}
