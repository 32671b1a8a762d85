import { AbortError, ConnectionError, LLMProviderError, type StreamEvent } from "../../src/index.js";
import { OpenAIChunkAccumulator } from "./accumulate-openai-chunks.js";
import type { AssembledOpenAIToolCall } from "./assemble-openai-tool-call-deltas.js";
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
    `tool call ${call.id} (${call.function.name}) ended with arguments that are not complete JSON (finish_reason "${finishReason}")`,
    {
      ...target,
      providerCode: cutByLength ? "tool_call_truncated" : "malformed_tool_arguments",
      fix: cutByLength
        ? "raise max_tokens (or max_completion_tokens) so the tool call fits, then retry"
        : "retry; the server streamed malformed tool-call arguments",
    },
  );
}

/** One streamed call: the request to send and how its failures map to the runtime's errors. */
export interface OpenAIStreamCall {
  target: StreamTarget;
  signal: AbortSignal;
  /** Sends the request; resolves with the SDK's chunk stream once the server answered 200. */
  open(): Promise<AsyncIterable<unknown> & { controller: AbortController }>;
  /** Maps a failure of the request itself (an HTTP error status, a refused connection). */
  mapRequestError(error: unknown): LLMProviderError;
  /** Maps a failure while reading the stream (see `mapOpenAIStreamError`). */
  mapStreamError(error: unknown): LLMProviderError;
}

/** The `finish` event once the chunks ran out, or the typed error saying why the reply is unusable. */
function finishEvent(accumulator: OpenAIChunkAccumulator, call: OpenAIStreamCall): StreamEvent {
  const { target, signal } = call;
  // The SDK ends its iteration quietly on an abort, so the signal is checked here.
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
  const calls = accumulator.toolCalls.toolCalls();
  const broken = calls.find((call) => call.function.arguments !== "" && !isJson(call.function.arguments));
  if (broken) throw truncatedCall(broken, finishReason, target);
  return { type: "finish", output: mapOpenAIResponse(accumulator.toCompletion(calls), target) };
}

/**
 * The runtime's stream events for one streamed call: text, reasoning and tool-call deltas as the
 * chunks arrive, then one `finish` whose output `mapOpenAIResponse` builds from the same body the
 * non-streaming call would have returned. A stream is complete only once a chunk carried the
 * first choice's `finish_reason`: one that ends before (a cut without `[DONE]`) throws
 * ConnectionError, never a clean finish. Stopping early (`return()`) or a failure aborts the HTTP
 * stream. One generator does it all: each layer of async generators costs every chunk a promise hop.
 */
export async function* streamOpenAIEvents(call: OpenAIStreamCall): AsyncGenerator<StreamEvent> {
  let chunks: Awaited<ReturnType<OpenAIStreamCall["open"]>>;
  try {
    chunks = await call.open();
  } catch (error) {
    throw call.mapRequestError(error);
  }
  let ended = false;
  try {
    const accumulator = new OpenAIChunkAccumulator();
    for await (const chunk of chunks) {
      if (typeof chunk !== "object" || chunk === null) continue;
      for (const event of accumulator.add(chunk as OpenAIChunk)) yield event;
    }
    ended = true;
    yield finishEvent(accumulator, call);
  } catch (error) {
    throw call.mapStreamError(error);
  } finally {
    if (!ended) chunks.controller.abort();
  }
}
