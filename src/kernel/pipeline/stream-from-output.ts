import type { LLMOutput } from "../../contract/output.js";
import type { StreamEvent } from "../../contract/stream.js";

/**
 * The events of a finished output. With `closingOnly`, just those the kernel emits after a live
 * stream (each call's `tool-call-end`, `usage`, `finish`); otherwise every event, in the order a
 * live stream would have produced them (for providers that cannot stream).
 */
export function* streamFromOutput(output: LLMOutput, closingOnly = false): Generator<StreamEvent> {
  if (!closingOnly && output.reasoningInfo?.reasoningText) {
    yield { type: "reasoning-delta", delta: output.reasoningInfo.reasoningText };
  }
  if (!closingOnly && output.content) yield { type: "text-delta", delta: output.content };
  for (const [index, call] of (output.toolCalls ?? []).entries()) {
    const { id, function: fn } = call;
    if (!closingOnly) {
      yield { type: "tool-call-start", index, id, name: fn.name };
      yield { type: "tool-call-delta", index, argumentsDelta: fn.arguments };
    }
    yield { type: "tool-call-end", index, id, name: fn.name, arguments: fn.arguments };
  }
  yield { type: "usage", usage: output.usage };
  yield { type: "finish", output };
}
