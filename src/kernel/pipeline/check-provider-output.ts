import type { LLMOutput } from "../../contract/output.js";
import type { Target } from "../../contract/request.js";
import { LLMProviderError } from "../../errors/provider-errors.js";

const FINISH_REASONS: ReadonlySet<unknown> = new Set([
  "stop",
  "length",
  "tool_calls",
  "content_filter",
  "other",
]);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isCount(value: unknown): boolean {
  return typeof value === "number" && Number.isFinite(value) && value >= 0;
}

/** The first way `output` breaks the LLMOutput contract, or undefined when it keeps it. */
function findShapeProblem(output: unknown): string | undefined {
  if (!isObject(output))
    return `the output is ${output === null ? "null" : `a ${typeof output}`}, not an object`;
  if (output.content !== null && typeof output.content !== "string")
    return "content is neither a string nor null";
  if (output.toolCalls !== null) {
    if (!Array.isArray(output.toolCalls)) return "toolCalls is neither an array nor null";
    for (const [index, call] of output.toolCalls.entries()) {
      const fn = isObject(call) ? call.function : undefined;
      if (!isObject(call) || typeof call.id !== "string" || !isObject(fn))
        return `toolCalls[${index}] is not a tool call`;
      if (typeof fn.name !== "string" || typeof fn.arguments !== "string") {
        return `toolCalls[${index}].function needs a string name and string arguments`;
      }
    }
  }
  if (!FINISH_REASONS.has(output.finishReason))
    return "finishReason is not one of stop, length, tool_calls, content_filter, other";
  const usage = output.usage;
  if (
    !isObject(usage) ||
    !isCount(usage.promptTokens) ||
    !isCount(usage.completionTokens) ||
    !isCount(usage.totalTokens)
  ) {
    return "usage needs promptTokens, completionTokens and totalTokens as counts";
  }
  return undefined;
}

/**
 * Refuses an output that does not keep the LLMOutput contract (src/contract/output.ts), from any
 * provider plugin, built-in or third-party: a client returning undefined, `{}` or content of the
 * wrong type must fail as a typed provider_error, not reach the caller as an empty success.
 */
export function assertOutputShape(output: LLMOutput, target: Target): void {
  const problem = findShapeProblem(output);
  if (problem === undefined) return;
  throw new LLMProviderError(
    "provider_error",
    `the provider plugin returned a malformed output: ${problem}`,
    {
      provider: target.provider,
      model: target.model,
      providerCode: "malformed_output",
      fix: `correct the provider plugin of type "${target.providerType}": generate() and the stream's finish event must give an LLMOutput`,
    },
  );
}
