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
 * - `usage` with OpenAI's meaning: cache writes and reads are added into `promptTokens` and
 *   reported together as `cachedTokens`; thinking tokens, when reported, as `reasoningTokens`.
 */
export function mapAnthropicResponse(
  response: AnthropicResponse,
  target: { provider: string; model: string },
): LLMOutput {
  const blocks = (response.content ?? []).filter((block) => typeof block === "object" && block !== null);
  const text = blocks
    .filter((block) => block.type === "text")
    .map((block) => block.text ?? "")
    .join("");
  const toolCalls = blocks.filter((block) => isPendingToolUse(block, blocks)).map(toToolCall);
  const usage = mapAnthropicUsage(response.usage ?? undefined);
  const model = response.model ?? target.model;
  const output: LLMOutput = {
    content: text === "" ? null : text,
    toolCalls: toolCalls.length === 0 ? null : toolCalls,
    usage,
    finishReason: mapAnthropicStopReason(response.stop_reason),
    provider: target.provider,
    model,
    reasoningInfo: {
      reasoningTokens: usage.reasoningTokens ?? 0,
      reasoningText: thinkingText(blocks),
      rawFinishReason: response.stop_reason ?? null,
      usage,
    },
    attempts: [],
  };
  if (response.stop_reason === "refusal") {
    output.refusal =
      response.stop_details?.explanation || text || "Anthropic declined to answer (stop_reason refusal)";
  }
  const extension = buildAnthropicExtension(model, blocks);
  if (extension !== undefined) output.extension = extension;
  return output;
}

function toToolCall(block: AnthropicResponseBlock): ToolCallItem {
  return {
    id: block.id ?? "",
    type: "function",
    function: { name: block.name ?? "", arguments: JSON.stringify(block.input ?? {}) },
  };
}

function thinkingText(blocks: readonly AnthropicResponseBlock[]): string | null {
  const parts = blocks.filter((block) => block.type === "thinking").map((block) => block.thinking ?? "");
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
  if (usage?.cache_creation_input_tokens != null || usage?.cache_read_input_tokens != null) {
    mapped.cachedTokens = cacheWrite + cacheRead;
  }
  const thinking = usage?.output_tokens_details?.thinking_tokens;
  if (typeof thinking === "number") mapped.reasoningTokens = thinking;
  return mapped;
}

function count(value: number | null | undefined): number {
  return typeof value === "number" && Number.isFinite(value) && value > 0 ? value : 0;
}
