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

/**
 * The runtime's stream events for the SDK's chunk stream: text, reasoning and tool-call deltas as
 * they arrive, then one `finish` whose output `mapOpenAIResponse` builds from the same body the
 * non-streaming call would have returned. A stream is complete only once a chunk carried the
 * first choice's `finish_reason`: one that ends before (a cut without `[DONE]`) throws
 * ConnectionError, never a clean finish. The SDK ends its iteration quietly on an abort, so the
 * signal is checked after the last chunk.
 */
export async function* streamOpenAIEvents(
  chunks: AsyncIterable<unknown>,
  target: StreamTarget,
  signal: AbortSignal,
): AsyncGenerator<StreamEvent> {
  const accumulator = new OpenAIChunkAccumulator();
  for await (const chunk of chunks) {
    if (typeof chunk !== "object" || chunk === null) continue;
    yield* accumulator.add(chunk as OpenAIChunk);
  }
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
  yield { type: "finish", output: mapOpenAIResponse(accumulator.toCompletion(calls), target) };
}
