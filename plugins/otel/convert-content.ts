import type { ChatMessage, ContentPart, LLMOutput, TextPart } from "../../src/index.js";

/** One part of a message as the GenAI conventions' `gen_ai.input.messages` schema has it. */
type Part =
  | { type: "text"; content: string }
  | { type: "tool_call"; id: string; name: string; arguments: string }
  | { type: "tool_call_response"; id: string; response: string }
  | { type: "uri"; modality: "image"; uri: string }
  | { type: "file"; filename?: string };

/**
 * A part of the caller's message. Inline image and file data is left out (it can be megabytes and
 * says nothing a trace needs); an image given by http(s) URL keeps its URL.
 */
function convertPart(part: ContentPart | TextPart): Part {
  if (part.type === "text") return { type: "text", content: part.text };
  if (part.type === "image_url") {
    const { url } = part.image_url;
    return { type: "uri", modality: "image", uri: url.startsWith("data:") ? "data:(inline, omitted)" : url };
  }
  return { type: "file", filename: part.file.filename };
}

function convertContent(content: string | ReadonlyArray<ContentPart | TextPart> | null): Part[] {
  if (content === null) return [];
  if (typeof content === "string") return [{ type: "text", content }];
  return content.map(convertPart);
}

/** The messages a provider call sent, in the shape of the conventions' `gen_ai.input.messages`. */
export function convertInputMessages(messages: readonly ChatMessage[]): unknown[] {
  return messages.map((message) => {
    if (message.role === "tool") {
      const response =
        typeof message.content === "string" ? message.content : JSON.stringify(message.content);
      return { role: "tool", parts: [{ type: "tool_call_response", id: message.tool_call_id, response }] };
    }
    const parts = convertContent(message.content);
    if (message.role === "assistant") {
      for (const call of message.tool_calls ?? []) {
        parts.push({
          type: "tool_call",
          id: call.id,
          name: call.function.name,
          arguments: call.function.arguments,
        });
      }
    }
    return { role: message.role, parts };
  });
}

/** The reply, in the shape of the conventions' `gen_ai.output.messages`. */
export function convertOutputMessages(output: LLMOutput): unknown[] {
  const parts: Part[] = output.content === null ? [] : [{ type: "text", content: output.content }];
  for (const call of output.toolCalls ?? []) {
    parts.push({
      type: "tool_call",
      id: call.id,
      name: call.function.name,
      arguments: call.function.arguments,
    });
  }
  return [{ role: "assistant", parts, finish_reason: output.finishReason }];
}
