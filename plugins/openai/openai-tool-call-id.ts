import { createHash } from "node:crypto";

/** OpenAI rejects tool call ids longer than 40 characters (`string_above_max_length`). */
export const MAX_OPENAI_TOOL_CALL_ID_LENGTH = 40;

/**
 * An id OpenAI accepts: unchanged when it already fits, else `call_` and a hash of it, so the same
 * long id (from another provider's history) always maps to the same short one, on both sides of a
 * call and its result.
 */
export function toOpenAIToolCallId(id: string): string {
  if (id.length <= MAX_OPENAI_TOOL_CALL_ID_LENGTH) return id;
  return `call_${createHash("sha256")
    .update(id)
    .digest("base64url")
    .slice(0, MAX_OPENAI_TOOL_CALL_ID_LENGTH - 5)}`;
}
