import type { AssistantMessage, ToolCall } from "../../src/index.js";
import type {
  AnthropicContentBlock,
  AnthropicPreservedBlock,
  AnthropicToolUseBlock,
} from "./anthropic-api-types.js";
import { toAnthropicToolCallId } from "./anthropic-tool-call-id.js";
import {
  type RememberedBlock,
  readAnthropicTurnData,
  type ToolCallSlot,
} from "./anthropic-turn-extension.js";
import type { ConversionTarget } from "./convert-anthropic-user-content.js";
import { parseAnthropicToolInput } from "./parse-anthropic-tool-input.js";

/**
 * An OpenAI-format assistant message as Anthropic blocks: its text, then one `tool_use` per tool
 * call. When the message carries an extension this plugin wrote (thinking blocks with their
 * signatures, server-tool blocks), those blocks go back unchanged and in their original places,
 * with the text and tool calls of the message itself filled into the slots they came from.
 */
export function convertAnthropicAssistantMessage(
  message: AssistantMessage,
  target: ConversionTarget,
): AnthropicContentBlock[] {
  const text = assistantText(message.content);
  const calls = message.tool_calls ?? [];
  const remembered = readAnthropicTurnData(message);
  if (remembered === undefined) {
    const blocks = textBlocks(text);
    for (const call of calls) blocks.push(toToolUse(call, target));
    return blocks;
  }
  return replayRemembered(
    remembered,
    text,
    calls.map((call) => toToolUse(call, target)),
  );
}

function assistantText(content: AssistantMessage["content"]): string {
  if (content === null || content === undefined) return "";
  if (typeof content === "string") return content;
  return content.map((part) => part.text).join("");
}

/** Anthropic refuses empty text blocks, so empty text sends no block at all. */
function textBlocks(text: string): AnthropicContentBlock[] {
  return text === "" ? [] : [{ type: "text", text }];
}

function replayRemembered(
  remembered: RememberedBlock[],
  text: string,
  toolUses: AnthropicToolUseBlock[],
): AnthropicContentBlock[] {
  const rememberedTexts = remembered.filter(isText).map((block) => block.text);
  // The remembered text blocks are reused only while the message's text is still theirs; text
  // the application edited goes, as one block, into the place of the first remembered one.
  const keepTextBlocks = rememberedTexts.join("") === text;
  let textPlaced = keepTextBlocks;
  let toolIndex = 0;
  const blocks: AnthropicContentBlock[] = [];
  for (const block of remembered) {
    if (isText(block)) {
      if (keepTextBlocks) blocks.push(...textBlocks(block.text));
      else if (!textPlaced) {
        blocks.push(...textBlocks(text));
        textPlaced = true;
      }
    } else if (isToolCallSlot(block)) {
      const use = toolUses[toolIndex++];
      if (use !== undefined) blocks.push(withCaller(use, block));
    } else {
      blocks.push(block as AnthropicPreservedBlock);
    }
  }
  if (!textPlaced) blocks.splice(firstToolUseIndex(blocks), 0, ...textBlocks(text));
  blocks.push(...toolUses.slice(toolIndex));
  return blocks;
}

function isText(block: RememberedBlock): block is { type: "text"; text: string } {
  return block.type === "text" && typeof (block as { text?: unknown }).text === "string";
}

function isToolCallSlot(block: RememberedBlock): block is ToolCallSlot {
  return block.type === "tool_call_slot";
}

function withCaller(use: AnthropicToolUseBlock, slot: ToolCallSlot): AnthropicToolUseBlock {
  return slot.caller === undefined ? use : { ...use, caller: slot.caller };
}

function firstToolUseIndex(blocks: AnthropicContentBlock[]): number {
  const index = blocks.findIndex((block) => block.type === "tool_use");
  return index === -1 ? blocks.length : index;
}

function toToolUse(call: ToolCall, target: ConversionTarget): AnthropicToolUseBlock {
  return {
    type: "tool_use",
    id: toAnthropicToolCallId(call.id),
    name: call.function.name,
    input: parseAnthropicToolInput(call, target),
  };
}
