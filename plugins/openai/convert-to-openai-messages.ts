import { type AssistantMessage, type ChatMessage, EXTENSION_FIELD, type ToolCall } from "../../src/index.js";
import { toOpenAIToolCallId } from "./openai-tool-call-id.js";

/** A message as it goes on the wire: the runtime's OpenAI-format message minus runtime-only fields. */
export type OpenAIWireMessage = Record<string, unknown> & { role: string };

function convertToolCalls(calls: readonly ToolCall[]): ToolCall[] {
  const converted: ToolCall[] = new Array(calls.length);
  for (let index = 0; index < calls.length; index++) {
    const call = calls[index];
    converted[index] = {
      id: toOpenAIToolCallId(call.id),
      type: "function",
      function: { name: call.function.name, arguments: call.function.arguments },
    };
  }
  return converted;
}

function convertAssistant(message: AssistantMessage): OpenAIWireMessage {
  // The extension field carries other providers' data (thought signatures, thinking blocks);
  // OpenAI rejects unknown message properties, so it never goes on the wire. A copy key by key:
  // object rest (`{ llm_runtime, ...rest }`) costs V8 a runtime call, several times this loop.
  const wire = {} as OpenAIWireMessage;
  const fields = message as unknown as Record<string, unknown>;
  for (const key of Object.keys(fields)) {
    if (key !== EXTENSION_FIELD && key !== "tool_calls") wire[key] = fields[key];
  }
  const toolCalls = message.tool_calls;
  if (toolCalls && toolCalls.length > 0) wire.tool_calls = convertToolCalls(toolCalls);
  return wire;
}

/**
 * The history as OpenAI takes it: the runtime's messages already are OpenAI Chat Completions
 * messages, so they pass through, except that the runtime's extension field is dropped and tool
 * call ids longer than OpenAI's 40 characters are shortened the same way on both sides of a pair.
 */
export function convertToOpenAIMessages(messages: readonly ChatMessage[]): OpenAIWireMessage[] {
  const wire: OpenAIWireMessage[] = new Array(messages.length);
  for (let index = 0; index < messages.length; index++) {
    const message = messages[index];
    if (message.role === "assistant") wire[index] = convertAssistant(message);
    else if (message.role === "tool")
      wire[index] = { ...message, tool_call_id: toOpenAIToolCallId(message.tool_call_id) };
    else wire[index] = { ...message };
  }
  return wire;
}
