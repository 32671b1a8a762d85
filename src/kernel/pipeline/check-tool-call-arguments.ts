import type { LLMOutput } from "../../contract/output.js";
import type { Target } from "../../contract/request.js";
import { LLMProviderError } from "../../errors/provider-errors.js";
import { quoteUntrusted } from "../../errors/quote-untrusted.js";
import { assertOutputShape } from "./check-provider-output.js";

function isJsonObject(text: string): boolean {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed);
  } catch {
    return false;
  }
}

/**
 * Refuses an output whose tool call cannot be executed: arguments that are not a JSON object.
 * Cut by the token limit, that is `tool_call_truncated`; otherwise
 * `malformed_tool_arguments`. Nothing is ever coerced to `{}`, and the arguments are never quoted
 * (they may hold the user's data). Runs for every provider, so a third-party plugin gets it too.
 */
export function assertToolCallsComplete(output: LLMOutput, target: Target): void {
  // The output's shape first: the checks below read it.
  assertOutputShape(output, target);
  if (!output.toolCalls) return;
  for (const call of output.toolCalls) {
    if (isJsonObject(call.function.arguments)) continue;
    const cutByLength = output.finishReason === "length";
    throw new LLMProviderError(
      "provider_error",
      `tool call ${quoteUntrusted(call.id)} (${quoteUntrusted(call.function.name)}) came with arguments that are not a complete JSON object${cutByLength ? ", cut by the token limit" : ""}`,
      {
        provider: target.provider,
        model: target.model,
        providerCode: cutByLength ? "tool_call_truncated" : "malformed_tool_arguments",
        fix: cutByLength
          ? "raise max_tokens (or max_completion_tokens) so the tool call fits, then retry"
          : "retry, or fall back to another model; this one produced malformed tool-call arguments",
      },
    );
  }
}
