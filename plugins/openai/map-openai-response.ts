import type { LLMOutput, ToolCallItem, Usage } from "../../src/index.js";
import { mapOpenAIFinishReason } from "./map-openai-finish-reason.js";
import type { OpenAICompletion } from "./openai-api-types.js";

type CompletionMessage = NonNullable<NonNullable<OpenAICompletion["choices"]>[number]["message"]>;

/** A token count; a negative or non-finite one reads as 0, a value of another type as absent. */
function count(value: unknown): number | undefined {
  if (typeof value !== "number") return undefined;
  return Number.isFinite(value) && value > 0 ? value : 0;
}

function text(value: unknown): string | null {
  return typeof value === "string" ? value : null;
}

/** OpenAI's usage already has the runtime's meaning: cached and reasoning tokens are parts of the totals. */
export function mapOpenAIUsage(usage: OpenAICompletion["usage"]): Usage {
  const promptTokens = count(usage?.prompt_tokens) ?? 0;
  const completionTokens = count(usage?.completion_tokens) ?? 0;
  const mapped: Usage = {
    promptTokens,
    completionTokens,
    totalTokens: count(usage?.total_tokens) ?? promptTokens + completionTokens,
  };
  const cachedTokens = count(usage?.prompt_tokens_details?.cached_tokens);
  const reasoningTokens = count(usage?.completion_tokens_details?.reasoning_tokens);
  if (cachedTokens !== undefined) mapped.cachedTokens = cachedTokens;
  if (reasoningTokens !== undefined) mapped.reasoningTokens = reasoningTokens;
  return mapped;
}

/**
 * Function tool calls in the order the model made them; other kinds (custom tools) are skipped.
 * `findUnusableOpenAIToolCall` refuses a reply whose calls are not a list or lack a name before
 * this runs; here such entries read as absent, so the mapping stays total.
 */
function mapToolCalls(message: CompletionMessage | undefined): ToolCallItem[] | null {
  const entries: unknown[] = Array.isArray(message?.tool_calls) ? message.tool_calls : [];
  const calls: ToolCallItem[] = [];
  for (const entry of entries) {
    if (typeof entry !== "object" || entry === null) continue;
    const call = entry as NonNullable<CompletionMessage["tool_calls"]>[number];
    const name = call.function?.name;
    if ((call.type ?? "function") !== "function" || typeof name !== "string" || name === "") continue;
    calls.push({
      // Some compatible servers (older Ollama) send calls without ids; the runtime always has one.
      id: typeof call.id === "string" && call.id !== "" ? call.id : `call_${calls.length}`,
      type: "function",
      function: { name, arguments: argumentsText(call.function?.arguments) },
    });
  }
  return calls.length > 0 ? calls : null;
}

/**
 * A call's arguments as JSON text: as sent when a string, "{}" when absent or empty (a call
 * without parameters), and the JSON of any other value (some compatible servers send an object).
 */
function argumentsText(value: unknown): string {
  if (typeof value === "string") return value || "{}";
  if (value === undefined || value === null) return "{}";
  return JSON.stringify(value);
}

function reasoningText(message: CompletionMessage | undefined): string | null {
  return text(message?.reasoning_content) || text(message?.reasoning) || null;
}

/**
 * A `chat.completion` body as the runtime's output (first choice). Total: never throws; a field
 * of the wrong type reads as absent (text as null, a count as 0).
 */
export function mapOpenAIResponse(
  completion: OpenAICompletion,
  target: { provider: string; model: string },
): LLMOutput {
  const choice = completion.choices?.[0];
  const message = choice?.message;
  const toolCalls = mapToolCalls(message);
  const usage = mapOpenAIUsage(completion.usage);
  const rawFinishReason = text(choice?.finish_reason);
  let finishReason = mapOpenAIFinishReason(rawFinishReason);
  // Some compatible servers answer tool calls with `stop`; the app's loop keys on `tool_calls`.
  if (toolCalls && finishReason === "stop") finishReason = "tool_calls";
  return {
    content: typeof message?.content === "string" ? message.content : null,
    toolCalls,
    usage,
    finishReason,
    provider: target.provider,
    model: target.model,
    reasoningInfo: {
      reasoningTokens: usage.reasoningTokens ?? 0,
      reasoningText: reasoningText(message),
      rawFinishReason,
      usage,
    },
    attempts: [],
    refusal: text(message?.refusal),
  };
}
