import { type AssistantMessage, EXTENSION_FIELD } from "../contract/messages.js";
import type { LLMOutput } from "../contract/output.js";

/**
 * Turns an output into the OpenAI-format assistant message to append to the history, without
 * loss: provider data needed on the next turn rides in the namespaced extension field.
 */
export function toAssistantMessage(output: LLMOutput): AssistantMessage {
  const message: AssistantMessage = { role: "assistant", content: output.content };
  if (output.toolCalls && output.toolCalls.length > 0) {
    message.tool_calls = output.toolCalls.map((call) => ({
      id: call.id,
      type: "function",
      function: { name: call.function.name, arguments: call.function.arguments },
    }));
  }
  if (output.refusal) message.refusal = output.refusal;
  if (output.extension) message[EXTENSION_FIELD] = output.extension;
  return message;
}
