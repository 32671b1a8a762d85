import { createHash } from "node:crypto";

/**
 * The strictest tool-call ID rules among the providers a conversation may move to: Anthropic's
 * pattern `^[a-zA-Z0-9_-]+$` and OpenAI's 40-character limit.
 */
const PORTABLE_ID = /^[a-zA-Z0-9_-]{1,40}$/;

/** Whether an ID Gemini returned can be used as it is by every provider. */
export function isPortableToolCallId(id: string): boolean {
  return PORTABLE_ID.test(id);
}

/**
 * An ID for a Gemini function call that came without one (or with one other providers reject):
 * `call_` + 24 hex digits of a hash of the response + `_` + the call's position. The same response
 * always gives the same IDs, and two calls of one response never share one, even when they call
 * the same function with the same arguments.
 */
export function generateGoogleToolCallId(responseSeed: string, index: number): string {
  const digest = createHash("sha256").update(responseSeed).digest("hex").slice(0, 24);
  return `call_${digest}_${index}`;
}
