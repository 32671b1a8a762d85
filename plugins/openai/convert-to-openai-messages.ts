import type { AssistantMessage, ChatMessage, ToolCall } from "../../src/index.js";
import { toOpenAIToolCallId } from "./openai-tool-call-id.js";

/** A message as it goes on the wire: the runtime's OpenAI-format message minus runtime-only fields. */
export type OpenAIWireMessage = Record<string, unknown> & { role: string };

function convertToolCall(call: ToolCall): ToolCall {
  return {
    id: toOpenAIToolCallId(call.id),
    type: "function",
    function: { name: call.function.name, arguments: call.function.arguments },
  };
}

function convertAssistant(message: AssistantMessage): OpenAIWireMessage {
  // The extension field carries other providers' data (thought signatures, thinking blocks);
  // OpenAI rejects unknown message properties, so it never goes on the wire.
  const { llm_runtime: _extension, tool_calls: toolCalls, ...rest } = message;
  const wire: OpenAIWireMessage = { ...rest };
  if (toolCalls && toolCalls.length > 0) wire.tool_calls = toolCalls.map(convertToolCall);
  return wire;
}

/**
 * The history as OpenAI takes it: the runtime's messages already are OpenAI Chat Completions
 * messages, so they pass through, except that the runtime's extension field is dropped and tool
 * call ids longer than OpenAI's 40 characters are shortened the same way on both sides of a pair.
 */
export function convertToOpenAIMessages(messages: readonly ChatMessage[]): OpenAIWireMessage[] {
  return messages.map((message) => {
    if (message.role === "assistant") return convertAssistant(message);
    if (message.role === "tool")
      return { ...message, tool_call_id: toOpenAIToolCallId(message.tool_call_id) };
    return { ...message };
  });
}
