import type { ChatMessage, ContentPart, ToolCall } from "../../src/index.js";
import { type RedactionCounts, type RedactPiiOptions, redactPiiText } from "./redact-pii-text.js";

type Content = string | ContentPart[] | null;

function redactContent(content: Content, options: RedactPiiOptions, counts: RedactionCounts): Content {
  if (typeof content === "string") return redactPiiText(content, options, counts);
  if (!Array.isArray(content)) return content;
  // Only text parts: image and file data go as they are (this plugin does not read images).
  return content.map((part) =>
    part.type === "text" ? { ...part, text: redactPiiText(part.text, options, counts) } : part,
  );
}

/** Tool-call arguments are JSON text; the placeholders hold no quote or backslash, so it stays JSON. */
function redactToolCalls(calls: ToolCall[], options: RedactPiiOptions, counts: RedactionCounts): ToolCall[] {
  return calls.map((call) => ({
    ...call,
    function: { ...call.function, arguments: redactPiiText(call.function.arguments, options, counts) },
  }));
}

/**
 * The messages with personal data replaced in every text the provider will read: contents, text
 * parts and tool-call arguments. The caller's messages are never changed; new objects are made.
 * Provider extension data (`llm_runtime`) is opaque and left alone.
 */
export function redactPiiMessages(
  messages: readonly ChatMessage[],
  options: RedactPiiOptions,
): { messages: ChatMessage[]; counts: RedactionCounts } {
  const counts: RedactionCounts = { emails: 0, phones: 0 };
  const redacted = messages.map((message): ChatMessage => {
    const content = redactContent(message.content, options, counts);
    if (message.role === "assistant" && message.tool_calls) {
      return {
        ...message,
        content: content as string | null,
        tool_calls: redactToolCalls(message.tool_calls, options, counts),
      };
    }
    return { ...message, content } as ChatMessage;
  });
  return { messages: redacted, counts };
}
