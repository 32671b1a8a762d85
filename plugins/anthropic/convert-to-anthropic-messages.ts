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
 */
export function convertToAnthropicMessages(
  history: readonly ChatMessage[],
  target: ConversionTarget,
): AnthropicConversation {
  const system: AnthropicTextBlock[] = [];
  const turns: AnthropicMessage[] = [];
  const toolNames = new Set<string>();
  for (const message of history) {
    if (message.role === "system") {
      system.push(...textOf(message.content));
      continue;
    }
    const turn = convertTurn(message, target);
    for (const block of turn.content) if (block.type === "tool_use") toolNames.add(String(block.name));
    if (message.role === "tool" && message.name) toolNames.add(message.name);
    appendTurn(turns, turn);
  }
  const messages = turns.map(toolResultsFirst);
  return {
    system,
    messages,
    historyToolNames: [...toolNames],
    hasToolBlocks: messages.some((turn) => turn.content.some(isToolBlock)),
  };
}

function convertTurn(
  message: Exclude<ChatMessage, { role: "system" }>,
  target: ConversionTarget,
): AnthropicMessage {
  switch (message.role) {
    case "user":
      return { role: "user", content: convertAnthropicUserContent(message.content, target) };
    case "assistant":
      return { role: "assistant", content: convertAnthropicAssistantMessage(message, target) };
    case "tool":
      return { role: "user", content: [convertToolMessage(message)] };
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
    const parts = textOf(message.content);
    if (parts.length > 0) block.content = parts;
  }
  return block;
}

function textOf(content: string | TextPart[]): AnthropicTextBlock[] {
  const parts = typeof content === "string" ? [content] : content.map((part) => part.text);
  return parts.filter((text) => text !== "").map((text) => ({ type: "text", text }));
}

function appendTurn(turns: AnthropicMessage[], turn: AnthropicMessage): void {
  if (turn.content.length === 0) return;
  const last = turns.at(-1);
  if (last?.role === turn.role) last.content.push(...turn.content);
  else turns.push({ role: turn.role, content: [...turn.content] });
}

function isToolBlock(block: AnthropicContentBlock): boolean {
  return block.type === "tool_use" || block.type === "tool_result";
}

function toolResultsFirst(turn: AnthropicMessage): AnthropicMessage {
  if (turn.role !== "user") return turn;
  const results = turn.content.filter((block) => block.type === "tool_result");
  if (results.length === 0) return turn;
  return {
    role: "user",
    content: [...results, ...turn.content.filter((block) => block.type !== "tool_result")],
  };
}
