import { LLMProviderError } from "../../src/index.js";
import type { GoogleResponsePart } from "./google-api-types.js";

interface Target {
  provider: string;
  model: string;
}

/**
 * The error for a reply whose function calls cannot be run, or undefined: a `functionCall` that
 * is not an object or has no name (a string, not empty). A call without an id is usable: Gemini
 * may leave ids out, and the runtime assigns one (see `GoogleToolCallIdAssigner`).
 */
export function findUnusableGoogleToolCall(
  parts: readonly GoogleResponsePart[],
  target: Target,
): LLMProviderError | undefined {
  for (const [position, part] of parts.entries()) {
    const call: unknown = part.functionCall;
    // A falsy functionCall is no call, as the mapper reads it.
    if (!call) continue;
    const name = typeof call === "object" ? (call as { name?: unknown }).name : undefined;
    if (typeof name === "string" && name !== "") continue;
    return new LLMProviderError(
      "provider_error",
      `Gemini sent a function call without a name (part ${position})`,
      {
        ...target,
        providerCode: "malformed_tool_call",
        fix: "retry, or fall back to another model; a call without a name cannot be run",
      },
    );
  }
  return undefined;
}
