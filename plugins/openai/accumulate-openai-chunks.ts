import type { StreamEvent } from "../../src/index.js";
import { type AssembledOpenAIToolCall, OpenAIToolCallAssembler } from "./assemble-openai-tool-call-deltas.js";
import type { OpenAIChunk, OpenAICompletion } from "./openai-api-types.js";

type ChunkDelta = NonNullable<NonNullable<NonNullable<OpenAIChunk["choices"]>[number]["delta"]>>;

/**
 * Reads a Chat Completions stream chunk by chunk: gives the events each chunk holds, and keeps what
 * is needed to rebuild the `chat.completion` body the same reply would have had without streaming,
 * so the final output comes from the same `mapOpenAIResponse` as `generate`'s.
 */
export class OpenAIChunkAccumulator {
  readonly toolCalls = new OpenAIToolCallAssembler();
  /** Whether a chunk's `tool_calls` was not a list of objects: the reply is refused at its end. */
  malformedToolCalls = false;
  /** The first choice's `finish_reason`, once a chunk carried one. */
  finishReason: string | undefined;
  private text = "";
  private sawContent = false;
  private refusal: string | undefined;
  private reasoning: string | undefined;
  private usage: OpenAICompletion["usage"];

  /** The events of one chunk, in the order of its fields (reasoning, text, tool calls). */
  add(chunk: OpenAIChunk): StreamEvent[] {
    // With include_usage the last chunk has `choices: []` and the usage; vLLM sends it on every chunk.
    if (chunk.usage) this.usage = chunk.usage;
    const events: StreamEvent[] = [];
    for (const choice of Array.isArray(chunk.choices) ? chunk.choices : []) {
      // generate reads the first choice only (n > 1 is not supported); so does the stream.
      if (typeof choice !== "object" || choice === null || (choice.index ?? 0) !== 0) continue;
      if (typeof choice.delta === "object" && choice.delta !== null) this.addDelta(choice.delta, events);
      if (typeof choice.finish_reason === "string") this.finishReason = choice.finish_reason;
    }
    return events;
  }

  /** The non-streaming body of the same reply, for `mapOpenAIResponse`. */
  toCompletion(calls: AssembledOpenAIToolCall[] = this.toolCalls.toolCalls()): OpenAICompletion {
    // OpenAI's non-streaming body has `content: null` beside tool calls and for a bare refusal.
    const content = this.text !== "" || (this.sawContent && calls.length === 0) ? this.text : null;
    return {
      choices: [
        {
          index: 0,
          message: {
            role: "assistant",
            content,
            refusal: this.refusal ?? null,
            tool_calls: calls.length > 0 ? calls : null,
            reasoning_content: this.reasoning ?? null,
          },
          finish_reason: this.finishReason ?? null,
        },
      ],
      usage: this.usage,
    };
  }

  private addDelta(delta: ChunkDelta, events: StreamEvent[]): void {
    // DeepSeek and vLLM stream reasoning as `reasoning_content`, OpenRouter and Ollama as `reasoning`.
    const reasoning = delta.reasoning_content || delta.reasoning;
    if (typeof reasoning === "string" && reasoning !== "") {
      this.reasoning = (this.reasoning ?? "") + reasoning;
      events.push({ type: "reasoning-delta", delta: reasoning });
    }
    if (typeof delta.content === "string") {
      this.sawContent = true;
      if (delta.content !== "") {
        this.text += delta.content;
        events.push({ type: "text-delta", delta: delta.content });
      }
    }
    if (typeof delta.refusal === "string") this.refusal = (this.refusal ?? "") + delta.refusal;
    const pieces: unknown = delta.tool_calls;
    if (pieces === undefined || pieces === null) return;
    if (!Array.isArray(pieces)) {
      this.malformedToolCalls = true;
      return;
    }
    for (const piece of pieces) {
      if (typeof piece === "object" && piece !== null) events.push(...this.toolCalls.add(piece));
      else this.malformedToolCalls = true;
    }
  }
}
