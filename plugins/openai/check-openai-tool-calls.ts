import { LLMProviderError } from "../../src/index.js";
import type { OpenAICompletion } from "./openai-api-types.js";

interface Target {
  provider: string;
  model: string;
}

/** A call the application could not run: said as a typed error that never quotes its arguments. */
export function malformedToolCallError(what: string, target: Target): LLMProviderError {
  return new LLMProviderError("provider_error", `the server sent ${what}`, {
    ...target,
    providerCode: "malformed_tool_call",
    fix: "retry, or fall back to another model; an OpenAI-compatible server sent a tool call that cannot be run",
  });
}

function isFunctionCall(call: { type?: unknown }): boolean {
  return call.type === undefined || call.type === null || call.type === "function";
}

/**
 * The error for a completion whose tool calls cannot be run as they are, or undefined:
 * `tool_calls` that is neither a list nor null, an entry that is not an object, or a function call
 * without a name (a string, not empty). Calls of other types (custom tools) are left to the mapper,
 * which skips them; a call without an id gets a positional one there (older Ollama sends none).
 */
export function findUnusableOpenAIToolCall(
  completion: OpenAICompletion,
  target: Target,
): LLMProviderError | undefined {
  const calls: unknown = completion.choices?.[0]?.message?.tool_calls;
  if (calls === undefined || calls === null) return undefined;
  if (!Array.isArray(calls)) return malformedToolCallError("tool_calls that is not a list", target);
  for (const [position, call] of calls.entries()) {
    if (typeof call !== "object" || call === null) {
      return malformedToolCallError(`tool call ${position} that is not an object`, target);
    }
    const name = (call as { function?: { name?: unknown } }).function?.name;
    if (isFunctionCall(call) && (typeof name !== "string" || name === "")) {
      return malformedToolCallError(`tool call ${position} without a function name`, target);
    }
  }
  return undefined;
}
