import { type AssistantExtension, type AssistantMessage, EXTENSION_FIELD } from "../../src/index.js";
import type { AnthropicPreservedBlock, AnthropicResponseBlock } from "./anthropic-api-types.js";

/** The provider type this plugin registers, also written into the extension it produces. */
export const ANTHROPIC_PROVIDER_TYPE = "anthropic";

/**
 * One block of an Anthropic assistant turn as remembered in the extension field: text and
 * `tool_use` blocks keep only what places them (their content lives in the message's `content`
 * and `tool_calls`, which the application or the id-translation plugin may rewrite); every other
 * block (thinking, redacted_thinking, server-tool blocks) is kept verbatim, signatures included.
 */
export type RememberedBlock =
  | { type: "text"; text: string }
  | { type: "tool_use"; id: string; caller?: unknown }
  | AnthropicPreservedBlock;

/** `extension.data` of an Anthropic assistant turn. */
export interface AnthropicTurnData {
  content: RememberedBlock[];
}

/** Block types whose content the output carries in `content` or `toolCalls`. */
function isPlacedElsewhere(type: string | undefined): boolean {
  return type === "text" || type === "tool_use";
}

/**
 * The extension for a response's blocks, or undefined when the turn holds nothing beyond text and
 * client tool calls (then `content` and `toolCalls` already say everything).
 */
export function buildAnthropicExtension(
  model: string,
  blocks: readonly AnthropicResponseBlock[],
): AssistantExtension | undefined {
  if (blocks.every((block) => isPlacedElsewhere(block.type))) return undefined;
  const content = blocks.map(rememberBlock);
  const data: AnthropicTurnData = { content };
  return { providerType: ANTHROPIC_PROVIDER_TYPE, model, data: { ...data } };
}

function rememberBlock(block: AnthropicResponseBlock): RememberedBlock {
  if (block.type === "text") return { type: "text", text: block.text ?? "" };
  if (block.type === "tool_use") {
    return block.caller === undefined
      ? { type: "tool_use", id: block.id ?? "" }
      : { type: "tool_use", id: block.id ?? "", caller: block.caller };
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
