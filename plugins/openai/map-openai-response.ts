import type { LLMOutput, ToolCallItem, Usage } from "../../src/index.js";
import { mapOpenAIFinishReason } from "./map-openai-finish-reason.js";
import type { OpenAICompletion } from "./openai-api-types.js";

type CompletionMessage = NonNullable<NonNullable<OpenAICompletion["choices"]>[number]["message"]>;

function count(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
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

/** Function tool calls in the order the model made them; other kinds (custom tools) are skipped. */
function mapToolCalls(message: CompletionMessage | undefined): ToolCallItem[] | null {
  const calls = (message?.tool_calls ?? [])
    .filter((call) => (call.type ?? "function") === "function" && call.function?.name)
    .map((call, index) => ({
      // Some compatible servers (older Ollama) send calls without ids; the runtime always has one.
      id: call.id || `call_${index}`,
      type: "function" as const,
      function: { name: call.function?.name ?? "", arguments: call.function?.arguments || "{}" },
    }));
  return calls.length > 0 ? calls : null;
}

function reasoningText(message: CompletionMessage | undefined): string | null {
  return message?.reasoning_content || message?.reasoning || null;
}

/** A `chat.completion` body as the runtime's output (first choice). Total: never throws. */
export function mapOpenAIResponse(
  completion: OpenAICompletion,
  target: { provider: string; model: string },
): LLMOutput {
  const choice = completion.choices?.[0];
  const message = choice?.message;
  const toolCalls = mapToolCalls(message);
  const usage = mapOpenAIUsage(completion.usage);
  const rawFinishReason = choice?.finish_reason ?? null;
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
    refusal: message?.refusal ?? null,
  };
}
