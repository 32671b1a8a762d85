import { type ChatMessage, InvalidRequestError, type TextPart, type ToolMessage } from "../../src/index.js";
import type {
  AnthropicContentBlock,
  AnthropicMessage,
  AnthropicTextBlock,
  AnthropicToolResultBlock,
} from "./anthropic-api-types.js";
import { toAnthropicToolCallId } from "./anthropic-tool-call-id.js";
import { convertAnthropicAssistantMessage } from "./convert-anthropic-assistant-message.js";
import { type ConversionTarget, convertAnthropicUserContent } from "./convert-anthropic-user-content.js";

/** An OpenAI-format history in Anthropic's form. */
export interface AnthropicConversation {
  /** Every system message's text, in order (Anthropic takes system text apart from the turns). */
  system: AnthropicTextBlock[];
  /** Alternating user and assistant turns. */
  messages: AnthropicMessage[];
  /** Names of the tools the history's tool calls and results used, in order of first use. */
  historyToolNames: string[];
  /** Whether any turn holds a `tool_use` or `tool_result` block (then Anthropic requires `tools`). */
  hasToolBlocks: boolean;
}

/**
 * Converts an OpenAI-format history to Anthropic's Messages form:
 * - system messages, wherever they stand, become the `system` blocks; the rest keep their order;
 * - each `tool` message becomes a `tool_result` block in a user turn;
 * - consecutive turns of one role merge into one turn (Anthropic requires alternation), and in a
 *   merged user turn the `tool_result` blocks come first (Anthropic requires every tool_use to be
 *   answered at the start of the very next user turn);
 * - empty text never becomes a block, and a turn left with no blocks is dropped.
 *
 * One pass over the history: each message's blocks go straight into the turn they belong to,
 * since this runs on every request over the whole conversation.
 */
export function convertToAnthropicMessages(
  history: readonly ChatMessage[],
  target: ConversionTarget,
): AnthropicConversation {
  const system: AnthropicTextBlock[] = [];
  const messages: AnthropicMessage[] = [];
  const toolNames = new Set<string>();
  let hasToolBlocks = false;
  for (const message of history) {
    if (message.role === "system") {
      appendTextBlocks(system, message.content);
      continue;
    }
    const blocks = convertBlocks(message, target);
    for (const block of blocks) {
      if (block.type === "tool_use") {
        toolNames.add(String(block.name));
        hasToolBlocks = true;
      } else if (block.type === "tool_result") hasToolBlocks = true;
    }
    if (message.role === "tool" && message.name) toolNames.add(message.name);
    if (blocks.length === 0) continue;
    const role = message.role === "assistant" ? "assistant" : "user";
    const last = messages.length > 0 ? messages[messages.length - 1] : undefined;
    // `blocks` is a fresh array of this conversion: a new turn can own it.
    if (last?.role === role) for (const block of blocks) last.content.push(block);
    else messages.push({ role, content: blocks });
  }
  for (const turn of messages) {
    if (turn.role === "user" && hasResultAfterOtherBlock(turn.content))
      turn.content = toolResultsFirst(turn.content);
  }
  return { system, messages, historyToolNames: [...toolNames], hasToolBlocks };
}

/** A non-system message's blocks, in a new array. */
function convertBlocks(
  message: Exclude<ChatMessage, { role: "system" }>,
  target: ConversionTarget,
): AnthropicContentBlock[] {
  switch (message.role) {
    case "user":
      return convertAnthropicUserContent(message.content, target);
    case "assistant":
      return convertAnthropicAssistantMessage(message, target);
    case "tool":
      return [convertToolMessage(message)];
    default:
      throw new InvalidRequestError(
        `a message with role ${JSON.stringify((message as { role?: unknown }).role)} cannot be sent`,
        {
          provider: target.provider,
          model: target.model,
          fix: "use the roles system, user, assistant and tool (OpenAI chat format)",
        },
      );
  }
}

function convertToolMessage(message: ToolMessage): AnthropicToolResultBlock {
  const block: AnthropicToolResultBlock = {
    type: "tool_result",
    tool_use_id: toAnthropicToolCallId(message.tool_call_id),
  };
  if (typeof message.content === "string") {
    if (message.content !== "") block.content = message.content;
  } else {
    const parts: AnthropicTextBlock[] = [];
    appendTextBlocks(parts, message.content);
    if (parts.length > 0) block.content = parts;
  }
  return block;
}

/** Text content as text blocks, empty text left out. */
function appendTextBlocks(blocks: AnthropicTextBlock[], content: string | TextPart[]): void {
  if (typeof content === "string") {
    if (content !== "") blocks.push({ type: "text", text: content });
    return;
  }
  for (const part of content) {
    const text = part.text;
    if (text !== "") blocks.push({ type: "text", text });
  }
}

function hasResultAfterOtherBlock(content: AnthropicContentBlock[]): boolean {
  let other = false;
  for (const block of content) {
    if (block.type !== "tool_result") other = true;
    else if (other) return true;
  }
  return false;
}

/** The same blocks with every tool_result first, each group in its order. */
function toolResultsFirst(content: AnthropicContentBlock[]): AnthropicContentBlock[] {
  const results: AnthropicContentBlock[] = [];
  const others: AnthropicContentBlock[] = [];
  for (const block of content) (block.type === "tool_result" ? results : others).push(block);
  for (const block of others) results.push(block);
  return results;
}
