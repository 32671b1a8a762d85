import { hash } from "node:crypto";
import type { ToolCallIdFormat } from "../../src/index.js";
import { hashToolCallId } from "../../src/provider-utils.js";

/** Anthropic's documented rule for `tool_use.id` and `tool_result.tool_use_id`. */
const ANTHROPIC_TOOL_CALL_ID = /^[a-zA-Z0-9_-]+$/;

/**
 * Anthropic's tool-call-ID rule, declared with the provider's registration: `^[a-zA-Z0-9_-]+$`
 * (https://docs.anthropic.com/en/api/messages, `tool_use.id`), no documented length limit.
 */
export const ANTHROPIC_TOOL_CALL_IDS: ToolCallIdFormat = {
  pattern: ANTHROPIC_TOOL_CALL_ID,
  mint: (foreignId) => hashToolCallId(foreignId),
};

/** Longest readable prefix kept from an id that has to be rewritten; the hash keeps it unique. */
const KEPT_PREFIX_LENGTH = 48;

/** Whether Anthropic accepts `id` as a tool-call id as it is. */
export function isValidAnthropicToolCallId(id: string): boolean {
  return ANTHROPIC_TOOL_CALL_ID.test(id);
}

/**
 * Ids already checked, and what they became: a conversation sends the same ids with every request
 * (each twice, on the call and on its result), and a Map lookup costs a fraction of the pattern
 * test (or of the hash, for an id that has to be rewritten). Bounded in count and id length; the
 * mapping is a pure function of the id, so the table cannot change what is sent.
 */
const recentIds = new Map<string, string>();
const REMEMBERED_IDS = 4096;
const REMEMBERED_ID_LENGTH = 256;

/**
 * The id to send to Anthropic for a tool-call id of the history. A valid id is kept; an invalid
 * one (`functions.write:0`, `call_x|fc_y`, "") is rewritten deterministically, as its readable
 * characters plus a short hash of the whole original, so that the call and its result, rewritten
 * apart, still pair up, and two ids that differ only in replaced characters stay distinct.
 *
 * Cross-provider rewriting (with a reverse map) belongs to the id-translation plugin; this is the
 * last line of defence that keeps this plugin from ever sending an id Anthropic refuses.
 */
export function toAnthropicToolCallId(id: string): string {
  const known = recentIds.get(id);
  if (known !== undefined) return known;
  const sent = rewriteIfInvalid(id);
  if (typeof id === "string" && id.length <= REMEMBERED_ID_LENGTH) {
    if (recentIds.size >= REMEMBERED_IDS) recentIds.clear();
    recentIds.set(id, sent);
  }
  return sent;
}

function rewriteIfInvalid(id: string): string {
  if (isValidAnthropicToolCallId(id)) return id;
  const readable = id.replace(/[^a-zA-Z0-9_-]/g, "_").slice(0, KEPT_PREFIX_LENGTH);
  // base64url uses only [A-Za-z0-9_-], so the hash itself satisfies the rule.
  // One-shot `hash` (utf8, like the update it replaced): a third of the cost of a createHash object.
  const digest = hash("sha256", id, "base64url").slice(0, 12);
  return `${readable || "tool"}_${digest}`;
}
