import { type AssistantExtension, type AssistantMessage, EXTENSION_FIELD } from "../../src/index.js";
import type { AnthropicPreservedBlock, AnthropicResponseBlock } from "./anthropic-api-types.js";

/** The provider type this plugin registers, also written into the extension it produces. */
export const ANTHROPIC_PROVIDER_TYPE = "anthropic";

/**
 * One block of an Anthropic assistant turn as remembered in the extension field: text and pending
 * `tool_use` blocks keep only what places them (their content lives in the message's `content`
 * and `tool_calls`, which the application or the id-translation plugin may rewrite); every other
 * block (thinking, redacted_thinking, server-tool blocks, calls answered inside the turn) is kept
 * verbatim, signatures included.
 */
export type RememberedBlock = { type: "text"; text: string } | ToolCallSlot | AnthropicPreservedBlock;

/**
 * Where one of the message's tool calls goes (its id, name and arguments are read from
 * `tool_calls` at replay); `caller` is the response's, sent back with the call.
 */
export interface ToolCallSlot {
  type: "tool_call_slot";
  id: string;
  caller?: unknown;
}

/** `extension.data` of an Anthropic assistant turn. */
export interface AnthropicTurnData {
  content: RememberedBlock[];
}

/**
 * Whether a `tool_use` block was already answered inside its own turn: a call made by a server tool
 * (programmatic tool calling from code execution, `caller.tool_id`) whose server tool's result
 * follows in the same content. Such a call is history, not a call for the application to run.
 */
export function isAnsweredInTurn(
  block: AnthropicResponseBlock,
  blocks: readonly AnthropicResponseBlock[],
): boolean {
  const callerId = (block.caller as { tool_id?: unknown } | undefined)?.tool_id;
  if (typeof callerId !== "string") return false;
  return blocks.some(
    (other) =>
      typeof other.type === "string" && other.type.endsWith("_tool_result") && other.tool_use_id === callerId,
  );
}

/** Whether a response block is a call the application must run (it becomes a tool call). */
export function isPendingToolUse(
  block: AnthropicResponseBlock,
  blocks: readonly AnthropicResponseBlock[],
): boolean {
  return block.type === "tool_use" && !isAnsweredInTurn(block, blocks);
}

/**
 * The extension for a response's blocks, or undefined when the turn holds nothing beyond text and
 * pending tool calls (then `content` and `toolCalls` already say everything).
 */
export function buildAnthropicExtension(
  model: string,
  blocks: readonly AnthropicResponseBlock[],
): AssistantExtension | undefined {
  if (blocks.every((block) => block.type === "text" || isPendingToolUse(block, blocks))) return undefined;
  const content = blocks.map((block) => rememberBlock(block, blocks));
  const data: AnthropicTurnData = { content };
  return { providerType: ANTHROPIC_PROVIDER_TYPE, model, data: { ...data } };
}

function rememberBlock(
  block: AnthropicResponseBlock,
  blocks: readonly AnthropicResponseBlock[],
): RememberedBlock {
  if (block.type === "text") return { type: "text", text: block.text ?? "" };
  if (isPendingToolUse(block, blocks)) {
    return block.caller === undefined
      ? { type: "tool_call_slot", id: block.id ?? "" }
      : { type: "tool_call_slot", id: block.id ?? "", caller: block.caller };
  }
  return { ...block, type: block.type ?? "unknown" };
}

/**
 * The remembered blocks of an assistant message, when it carries an extension this plugin wrote;
 * undefined when it has none, came from another provider type (its data means nothing here), or
 * is malformed.
 */
export function readAnthropicTurnData(message: AssistantMessage): RememberedBlock[] | undefined {
  const extension = message[EXTENSION_FIELD];
  if (extension?.providerType !== ANTHROPIC_PROVIDER_TYPE) return undefined;
  const content = (extension.data as Partial<AnthropicTurnData> | undefined)?.content;
  if (!Array.isArray(content)) return undefined;
  return content.filter(
    (block): block is RememberedBlock =>
      typeof block === "object" && block !== null && typeof (block as { type?: unknown }).type === "string",
  );
}
