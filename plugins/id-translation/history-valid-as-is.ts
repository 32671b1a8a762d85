import { type ChatMessage, EXTENSION_FIELD } from "../../src/index.js";
import { isValidToolCallId, type ToolCallIdRule } from "./tool-call-id-rules.js";

/** States of a tool-call id in `isHistoryValidAsIs`'s one map. */
const CALLED = 1;
const ANSWERED = 2;

/**
 * Whether the full translation would return `messages` itself: every tool-call id is a string the
 * rule accepts and is used by one call only, every tool message answers an earlier call that no
 * other tool message answered, and no assistant message carries another provider type's extension.
 * Under those conditions each call keeps its id (the first use of a valid id translates to itself,
 * and distinct ids never collide) and each tool message finds its call, so nothing changes.
 *
 * This is the common case of a conversation that stayed with one provider, and it runs on every
 * attempt, so it is one scan that allocates nothing but one map, and that only for a history with
 * tool calls. Anything it does not recognise answers false: the full translation then decides,
 * errors included.
 */
export function isHistoryValidAsIs(
  messages: readonly ChatMessage[],
  providerType: string,
  rule: Readonly<ToolCallIdRule>,
): boolean {
  let states: Map<string, number> | undefined;
  for (let index = 0; index < messages.length; index++) {
    const message = messages[index];
    if (message.role === "assistant") {
      if (EXTENSION_FIELD in message && message[EXTENSION_FIELD]?.providerType !== providerType) return false;
      const calls = message.tool_calls;
      if (calls === undefined || calls === null) continue;
      if (!Array.isArray(calls)) return false;
      for (let position = 0; position < calls.length; position++) {
        const id: unknown = calls[position]?.id;
        if (typeof id !== "string" || !isValidToolCallId(id, rule)) return false;
        states ??= new Map();
        if (states.has(id)) return false;
        states.set(id, CALLED);
      }
    } else if (message.role === "tool") {
      const id = message.tool_call_id;
      if (states?.get(id) !== CALLED) return false;
      states.set(id, ANSWERED);
    }
  }
  return true;
}
