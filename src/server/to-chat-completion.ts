import { EXTENSION_FIELD } from "../contract/messages.js";
import type { FinishReason, LLMOutput, Usage } from "../contract/output.js";

/** OpenAI's finish reasons; the runtime's `other` (a provider's reason with no OpenAI name) reads as `stop`. */
export function toOpenAIFinishReason(
  reason: FinishReason,
): "stop" | "length" | "tool_calls" | "content_filter" {
  return reason === "other" ? "stop" : reason;
}

/** The runtime's usage in OpenAI's names, details included. */
export function toOpenAIUsage(usage: Usage) {
  return {
    prompt_tokens: usage.promptTokens,
    completion_tokens: usage.completionTokens,
    total_tokens: usage.totalTokens,
    prompt_tokens_details: { cached_tokens: usage.cachedTokens ?? 0 },
    completion_tokens_details: { reasoning_tokens: usage.reasoningTokens ?? 0 },
  };
}

/**
 * A `chat.completion` object with one choice. Provider data the next turn needs (Gemini thought
 * signatures, Anthropic thinking) rides on the message as `llm_runtime`, so a caller that sends
 * the message back as it came keeps a tool loop working across providers.
 */
export function toChatCompletion(id: string, created: number, output: LLMOutput) {
  return {
    id,
    object: "chat.completion" as const,
    created,
    model: output.model,
    choices: [
      {
        index: 0,
        message: {
          role: "assistant" as const,
          content: output.content,
          refusal: output.refusal ?? null,
          ...(output.toolCalls ? { tool_calls: output.toolCalls } : {}),
          ...(output.extension ? { [EXTENSION_FIELD]: output.extension } : {}),
        },
        logprobs: null,
        finish_reason: toOpenAIFinishReason(output.finishReason),
      },
    ],
    usage: toOpenAIUsage(output.usage),
    system_fingerprint: null,
  };
}
