import type { LLMOutput, ToolCallItem, Usage } from "../../src/index.js";
import type {
  AnthropicResponse,
  AnthropicResponseBlock,
  AnthropicResponseUsage,
} from "./anthropic-api-types.js";
import { buildAnthropicExtension, isPendingToolUse } from "./anthropic-turn-extension.js";
import { mapAnthropicStopReason } from "./map-anthropic-stop-reason.js";

/**
 * A Messages API response as the runtime's output:
 * - `content`: every text block joined (null when there is none);
 * - `toolCalls`: the client `tool_use` blocks, in order, `input` as a JSON string. Server-tool
 *   blocks (`server_tool_use`, `web_search_tool_result`, `mcp_tool_use`, ...) ran on Anthropic's
 *   side, and a `tool_use` made by code execution whose result already follows in the turn was
 *   answered there, so neither is a call for the application to run; they ride, with thinking
 *   and redacted_thinking blocks, in `extension` to go back unchanged on the next turn;
 * - `usage` with OpenAI's meaning: cache writes and reads are added into `promptTokens`; reads
 *   alone are `cachedTokens` (billed at the cached rate), writes are `cacheWriteTokens` (billed
 *   above the input rate); thinking tokens, when reported, are `reasoningTokens`;
 * - `model`: the one the response names, else the one the request named.
 * Total: a field of the wrong type reads as absent (text as "", a count as 0); the client refuses
 * a tool call without an id or name before mapping (see `findUnusableToolUse`).
 */
export function mapAnthropicResponse(
  response: AnthropicResponse,
  target: { provider: string; model: string },
): LLMOutput {
  const blocks = (Array.isArray(response.content) ? response.content : []).filter(
    (block) => typeof block === "object" && block !== null,
  );
  const text = blocks
    .filter((block) => block.type === "text")
    .map((block) => textOf(block.text))
    .join("");
  const toolCalls = blocks.filter((block) => isPendingToolUse(block, blocks)).map(toToolCall);
  const usage = mapAnthropicUsage(response.usage ?? undefined);
  const model = textOf(response.model) || target.model;
  const stopReason = typeof response.stop_reason === "string" ? response.stop_reason : null;
  const output: LLMOutput = {
    content: text === "" ? null : text,
    toolCalls: toolCalls.length === 0 ? null : toolCalls,
    usage,
    finishReason: mapAnthropicStopReason(stopReason),
    provider: target.provider,
    model,
    reasoningInfo: {
      reasoningTokens: usage.reasoningTokens ?? 0,
      reasoningText: thinkingText(blocks),
      rawFinishReason: stopReason,
      usage,
    },
    attempts: [],
  };
  if (stopReason === "refusal") {
    output.refusal =
      textOf(response.stop_details?.explanation) ||
      text ||
      "Anthropic declined to answer (stop_reason refusal)";
  }
  const extension = buildAnthropicExtension(model, blocks);
  if (extension !== undefined) output.extension = extension;
  return output;
}

/** A call's id and name are strings here: `findUnusableToolUse` refuses a reply without them. */
function toToolCall(block: AnthropicResponseBlock): ToolCallItem {
  return {
    id: textOf(block.id),
    type: "function",
    function: { name: textOf(block.name), arguments: JSON.stringify(block.input ?? {}) },
  };
}

/** A field that should be text: a value of another type (a newer or broken body) reads as "". */
function textOf(value: unknown): string {
  return typeof value === "string" ? value : "";
}

function thinkingText(blocks: readonly AnthropicResponseBlock[]): string | null {
  const parts = blocks.filter((block) => block.type === "thinking").map((block) => textOf(block.thinking));
  return parts.length === 0 ? null : parts.join("\n\n");
}

/** Anthropic's usage with OpenAI's meaning (see `Usage`). */
export function mapAnthropicUsage(usage: AnthropicResponseUsage | undefined): Usage {
  const input = count(usage?.input_tokens);
  const cacheWrite = count(usage?.cache_creation_input_tokens);
  const cacheRead = count(usage?.cache_read_input_tokens);
  const completionTokens = count(usage?.output_tokens);
  const promptTokens = input + cacheWrite + cacheRead;
  const mapped: Usage = { promptTokens, completionTokens, totalTokens: promptTokens + completionTokens };
  if (usage?.cache_read_input_tokens != null) mapped.cachedTokens = cacheRead;
  if (usage?.cache_creation_input_tokens != null) mapped.cacheWriteTokens = cacheWrite;
  const thinking = usage?.output_tokens_details?.thinking_tokens;
  if (typeof thinking === "number") mapped.reasoningTokens = count(thinking);
  return mapped;
}

/** A token count; a negative, non-finite or non-numeric one reads as 0. */
function count(value: number | null | undefined): number {
  return typeof value === "number" && Number.isFinite(value) && value > 0 ? value : 0;
}
