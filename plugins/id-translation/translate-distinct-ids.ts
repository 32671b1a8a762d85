import type { ChatMessage, ToolCall } from "../../src/index.js";
import { assistantMessageForTarget } from "./assistant-message-for-target.js";
import type { IdRule } from "./tool-call-id-rules.js";
import { translateToolCallId } from "./translate-tool-call-id.js";

/** Values of `translateDistinctIds`'s map besides the name still to be answered. */
const ANSWERED = 0;
const MINTED = 1;

/**
 * The translation of a history whose tool-call ids are all distinct and cleanly paired, in one
 * scan; undefined for any other history, which then needs the full pairing (ToolCallIdPairing).
 *
 * It applies when every call id is a string no other call uses, every tool message answers an
 * earlier call that no other tool message answered, and no name minted for an id equals another id
 * or name of the history. Then the full pairing gives each call `translateToolCallId(id)` (the
 * first use of an id, no collision to resolve) and each tool message its call's name, which is
 * what this does with one map: id -> name to send while unanswered, ANSWERED after, and MINTED
 * for a minted name, so a later id equal to it is noticed.
 *
 * This covers a conversation that stayed with one provider (nothing to rename: the input array
 * itself is returned and nothing is copied) and one that crossed providers with well-formed
 * history (only the messages that change are copied).
 */
export function translateDistinctIds(
  messages: readonly ChatMessage[],
  providerType: string,
  rule: IdRule,
): ChatMessage[] | undefined {
  let names: Map<string, string | number> | undefined;
  let translated: ChatMessage[] | undefined;
  for (let index = 0; index < messages.length; index++) {
    const message = messages[index];
    let next: ChatMessage = message;
    if (message.role === "assistant") {
      const calls = message.tool_calls;
      let renamed: ToolCall[] | undefined;
      if (calls !== undefined && calls !== null) {
        if (!Array.isArray(calls)) return undefined;
        for (let position = 0; position < calls.length; position++) {
          const call = calls[position];
          const id: unknown = call?.id;
          if (typeof id !== "string") return undefined;
          names ??= new Map();
          if (names.has(id)) return undefined;
          const name = translateToolCallId(id, rule);
          if (name !== id) {
            if (names.has(name)) return undefined;
            names.set(name, MINTED);
            renamed ??= calls.slice();
            renamed[position] = { ...call, id: name };
          }
          names.set(id, name);
        }
      }
      next = assistantMessageForTarget(message, renamed, providerType);
    } else if (message.role === "tool") {
      const id = message.tool_call_id;
      const name = names?.get(id);
      if (typeof name !== "string") return undefined;
      names?.set(id, ANSWERED);
      if (name !== id) next = { ...message, tool_call_id: name };
    }
    if (next !== message) {
      translated ??= messages.slice();
      translated[index] = next;
    }
  }
  return translated ?? (messages as ChatMessage[]);
}
