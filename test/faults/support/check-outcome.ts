import { isLLMError, type LLMOutput } from "../../../src/index.js";
import type { Settled } from "./settle.js";

const FINISH_REASONS = new Set(["stop", "length", "tool_calls", "content_filter", "other"]);

const isTextOrNull = (value: unknown) => value === null || typeof value === "string";

function parsesAsJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** What is wrong with an output's shape (the LLMOutput contract, src/contract/output.ts), or nothing. */
export function outputProblems(output: LLMOutput): string[] {
  const problems: string[] = [];
  if (output.content !== null && typeof output.content !== "string")
    problems.push("content is neither string nor null");
  if (!FINISH_REASONS.has(output.finishReason)) problems.push(`finishReason ${String(output.finishReason)}`);
  if (typeof output.provider !== "string") problems.push("provider is not a string");
  if (typeof output.model !== "string") problems.push("model is not a string");
  if (!Array.isArray(output.attempts)) problems.push("attempts is not an array");
  const reasoning = output.reasoningInfo;
  if (reasoning !== null && (typeof reasoning !== "object" || !isTextOrNull(reasoning.reasoningText))) {
    problems.push("reasoningInfo.reasoningText is neither string nor null");
  }
  if (output.refusal !== undefined && !isTextOrNull(output.refusal))
    problems.push("refusal is neither string nor null");
  const usage = output.usage as unknown as Record<string, unknown> | undefined;
  for (const field of ["promptTokens", "completionTokens", "totalTokens"]) {
    const value = usage?.[field];
    if (typeof value !== "number" || !Number.isFinite(value)) problems.push(`usage.${field} is not a number`);
    else if (value < 0) problems.push(`usage.${field} is negative`);
  }
  if (output.toolCalls !== null && !Array.isArray(output.toolCalls))
    problems.push("toolCalls is neither array nor null");
  for (const call of output.toolCalls ?? []) {
    if (typeof call.id !== "string" || call.id === "") problems.push("tool call id is empty");
    if (typeof call.function?.name !== "string") problems.push("tool call name is not a string");
    // An executable call: arguments that are JSON, never malformed text handed over as a call.
    if (typeof call.function?.arguments !== "string" || !parsesAsJson(call.function.arguments)) {
      problems.push("tool call arguments are not JSON");
    }
  }
  return problems;
}

/**
 * What is wrong with how a call ended: a valid LLMOutput, or a typed error that is not the
 * kernel's wrapper for an untyped throw from a plugin (a TypeError from reading a missing field).
 */
export function outcomeProblems(settled: Settled | { thrown: unknown }): string[] {
  if ("thrown" in settled) return [`untyped rejection: ${String(settled.thrown)}`];
  if (settled.output) return outputProblems(settled.output);
  const error = settled.error;
  if (!isLLMError(error)) return [`untyped error: ${String(error)}`];
  if (/untyped error/.test(error.message)) return [`a plugin threw an untyped error: ${error.message}`];
  return [];
}
