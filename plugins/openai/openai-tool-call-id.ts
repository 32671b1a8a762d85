import { hash } from "node:crypto";

/** OpenAI rejects tool call ids longer than 40 characters (`string_above_max_length`). */
export const MAX_OPENAI_TOOL_CALL_ID_LENGTH = 40;

/**
 * An id OpenAI accepts: unchanged when it already fits, else `call_` and a hash of it, so the same
 * long id (from another provider's history) always maps to the same short one, on both sides of a
 * call and its result.
 */
export function toOpenAIToolCallId(id: string): string {
  if (id.length <= MAX_OPENAI_TOOL_CALL_ID_LENGTH) return id;
  // One-shot `hash`: a third of the cost of a createHash object, for the same digest.
  return `call_${hash("sha256", id, "base64url").slice(0, MAX_OPENAI_TOOL_CALL_ID_LENGTH - 5)}`;
}
