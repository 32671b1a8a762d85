import type { LLMOutput } from "../contract/output.js";
import type { StreamEvent } from "../contract/stream.js";

/** The events of a finished output, in the order a live stream would have produced them. */
export function* streamFromOutput(output: LLMOutput): Generator<StreamEvent> {
  if (output.reasoningInfo?.reasoningText)
    yield { type: "reasoning-delta", delta: output.reasoningInfo.reasoningText };
  if (output.content) yield { type: "text-delta", delta: output.content };
  for (const [index, call] of (output.toolCalls ?? []).entries()) {
    const { id, function: fn } = call;
    yield { type: "tool-call-start", index, id, name: fn.name };
    yield { type: "tool-call-delta", index, argumentsDelta: fn.arguments };
    yield { type: "tool-call-end", index, id, name: fn.name, arguments: fn.arguments };
  }
  yield { type: "usage", usage: output.usage };
  yield { type: "finish", output };
}
