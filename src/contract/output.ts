import type { AssistantExtension } from "./messages.js";

/** The runtime's own output types (camelCase). */

export interface ToolCallItem {
  id: string;
  type: "function";
  /** `arguments` is a JSON string. */
  function: { name: string; arguments: string };
}

/**
 * Token counts with OpenAI's meaning whatever the provider: `promptTokens` counts every input token,
 * cached ones included; `completionTokens` counts every output token, reasoning included.
 */
export interface Usage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  /**
   * How many of `promptTokens` were read from a prompt cache (OpenAI `cached_tokens`, Anthropic
   * `cache_read_input_tokens`, Gemini `cachedContentTokenCount`): billed at the cached rate.
   */
  cachedTokens?: number;
  /**
   * How many of `promptTokens` were written to a prompt cache (Anthropic
   * `cache_creation_input_tokens`), billed above the input rate. Absent where a provider reports none.
   */
  cacheWriteTokens?: number;
  /** How many of `completionTokens` were reasoning (thinking) tokens. */
  reasoningTokens?: number;
}

export type FinishReason = "stop" | "length" | "tool_calls" | "content_filter" | "other";

/** The application's former `reasoning_info` (docs/migrating-from-litellm.md): usage numbers plus the provider's reasoning data. */
export interface ReasoningInfo {
  reasoningTokens: number;
  /** Reasoning text the provider returned (Anthropic thinking, Gemini thought summaries), or null. */
  reasoningText: string | null;
  /** The provider's raw finish reason, before mapping. */
  rawFinishReason: string | null;
  usage: Usage;
}

/** `skipped`: a beforeAttempt tap kept the kernel from calling the target (no provider call). */
export type AttemptOutcome = "success" | "error" | "skipped";
export type DecisionAction = "retry" | "fallback" | "fail";

/** One provider call made for a request: the decision trace. */
export interface AttemptRecord {
  /** Provider instance name from the config. */
  provider: string;
  model: string;
  /** Position of the target in the client's chain (0 = primary). */
  targetIndex: number;
  /** 1-based count of calls to this target within the request. */
  attempt: number;
  outcome: AttemptOutcome;
  /** Error class name (`RateLimitError`, ...) when the outcome is an error. */
  errorClass?: string;
  /** Stable error code from the registry (`rate_limit`, ...). */
  errorCode?: string;
  status?: number;
  /** What the onError hook decided after this attempt. */
  decision?: DecisionAction;
  /** Wait before the next attempt, in milliseconds. */
  delayMs?: number;
  /** Why a beforeAttempt tap skipped the target (outcome `skipped`). */
  skipReason?: string;
  /** Epoch milliseconds until which the skipped target is unavailable, when the tap said. */
  skippedUntil?: number;
  /** When the call started (or the target was skipped), epoch milliseconds. */
  startedAt: number;
  /** 0 for a skipped target. */
  durationMs: number;
  /**
   * Shared params this target could not honour and left out of the request (a warn line is logged
   * once per client, target and param). Absent when none were.
   */
  droppedParams?: string[];
  /** What the provider plugin changed in this request to make the target accept it, in words. */
  notes?: string[];
}

export interface LLMOutput {
  content: string | null;
  toolCalls: ToolCallItem[] | null;
  usage: Usage;
  finishReason: FinishReason;
  /** Provider instance name that answered. */
  provider: string;
  model: string;
  reasoningInfo: ReasoningInfo | null;
  attempts: AttemptRecord[];
  /** Refusal text when the model declined (OpenAI `message.refusal`). */
  refusal?: string | null;
  /** Provider data that must go back on the next turn; `toAssistantMessage` carries it. */
  extension?: AssistantExtension;
}
