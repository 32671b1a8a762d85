import { LLMProviderError, quoteUntrusted } from "../../src/index.js";
import type { AnthropicResponse, AnthropicResponseBlock } from "./anthropic-api-types.js";
import { isPendingToolUse } from "./anthropic-turn-extension.js";

interface Target {
  provider: string;
  model: string;
}

/**
 * Why a `tool_use` block cannot become a call the application could run: the stream was cut
 * inside its input (`cut`), `max_tokens` stopped the reply (`max_tokens`), its input is not JSON
 * (`malformed`), or it has no name to run or no id to pair its result with (`unnamed`, `no_id`).
 */
export type UnusableToolUse = "cut" | "max_tokens" | "malformed" | "unnamed" | "no_id";

const FIX: Record<UnusableToolUse, string> = {
  cut: "retry; the connection was cut before the call's arguments were complete, so the call was not run",
  max_tokens: "raise max_tokens so the tool call fits, then retry",
  malformed: "retry; Anthropic sent tool-call arguments that do not parse",
  unnamed: "retry; Anthropic sent a tool_use block without a name, so there is nothing to run",
  no_id: "retry; Anthropic sent a tool_use block without an id, so its result could not be paired with it",
};

const REASON: Record<Exclude<UnusableToolUse, "cut">, string> = {
  max_tokens: "has unusable arguments: max_tokens cut it off",
  malformed: "has unusable arguments: they are not valid JSON",
  unnamed: "has no name",
  no_id: "has no id",
};

function text(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** The typed error for one unusable call; the message names the call, never its arguments. */
export function unusableToolUseError(
  block: AnthropicResponseBlock,
  how: UnusableToolUse,
  target: Target,
  cause?: unknown,
): LLMProviderError {
  const call = `tool call ${quoteUntrusted(block.id)} (${quoteUntrusted(block.name)})`;
  const message =
    how === "cut" ? `the stream ended inside the arguments of ${call}` : `${call} ${REASON[how]}`;
  const providerCode =
    how === "cut" || how === "max_tokens"
      ? "tool_call_truncated"
      : how === "malformed"
        ? "malformed_tool_arguments"
        : "malformed_tool_call";
  return new LLMProviderError("provider_error", message, {
    ...target,
    cause,
    providerCode,
    // A cut connection is a network failure; the others are the model's reply, which may differ next time.
    ...(how === "cut" ? { retryable: true } : {}),
    fix: FIX[how],
  });
}

/**
 * The error for a complete reply whose client tool calls cannot be run as they are, or undefined.
 * A `tool_use` without a string id or name is `malformed_tool_call`. In a reply that `max_tokens`
 * stopped, every call is `tool_call_truncated`: Anthropic documents the last block of such a
 * reply as possibly incomplete, and an input cut short may still parse.
 */
export function findUnusableToolUse(
  response: AnthropicResponse,
  target: Target,
): LLMProviderError | undefined {
  const blocks = (Array.isArray(response.content) ? response.content : []).filter(
    (block): block is AnthropicResponseBlock => typeof block === "object" && block !== null,
  );
  const calls = blocks.filter((block) => isPendingToolUse(block, blocks));
  if (calls.length === 0) return undefined;
  if (response.stop_reason === "max_tokens") {
    return unusableToolUseError(calls[calls.length - 1], "max_tokens", target);
  }
  for (const call of calls) {
    if (text(call.id) === undefined) return unusableToolUseError(call, "no_id", target);
    if (text(call.name) === undefined) return unusableToolUseError(call, "unnamed", target);
  }
  return undefined;
}
