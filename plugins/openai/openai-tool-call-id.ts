import type { ToolCallIdFormat } from "../../src/index.js";
import { hashToolCallId } from "../../src/provider-utils.js";

/** OpenAI rejects tool call ids longer than 40 characters (`string_above_max_length`). */
export const MAX_OPENAI_TOOL_CALL_ID_LENGTH = 40;

/**
 * OpenAI's tool-call-ID rule, declared with the provider's registration: any characters, at most
 * 40 of them (longer ones are refused with `string_above_max_length`).
 */
export const OPENAI_TOOL_CALL_IDS: ToolCallIdFormat = {
  pattern: /^[\s\S]+$/,
  maxLength: MAX_OPENAI_TOOL_CALL_ID_LENGTH,
  mint: (foreignId) => hashToolCallId(foreignId),
};

/**
 * An id OpenAI accepts: unchanged when it already fits, else `call_` and a hash of it, so the same
 * long id (from another provider's history) always maps to the same short one, on both sides of a
 * call and its result.
 */
export function toOpenAIToolCallId(id: string): string {
  if (id.length <= MAX_OPENAI_TOOL_CALL_ID_LENGTH) return id;
  return hashToolCallId(id, MAX_OPENAI_TOOL_CALL_ID_LENGTH - 5);
}
