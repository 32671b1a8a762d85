import {
  type AssistantMessage,
  type ChatMessage,
  InvalidRequestError,
  type Target,
  type ToolCall,
  type ToolMessage,
} from "../../src/index.js";
import { assistantMessageForTarget } from "./assistant-message-for-target.js";
import { ToolCallIdPairing } from "./pair-tool-call-ids.js";
import { type IdRule, ruleForProviderType } from "./tool-call-id-rules.js";
import { translateDistinctIds } from "./translate-distinct-ids.js";

/** Where a history is going: the provider instance and model (for errors) and the provider type. */
export type HistoryTarget = Pick<Target, "provider" | "providerType" | "model">;

/** Longest part of an id quoted in an error message. */
const QUOTED_ID_LENGTH = 80;

/**
 * The history made valid for `target`'s provider type, without touching the caller's objects:
 * - both sides of every tool-call pair (`tool_calls[].id` and the answering `tool_call_id`) get the
 *   same id, valid under the type's rule (see ToolCallIdPairing for repeated ids);
 * - an assistant message's extension (`llm_runtime`) is kept only for the provider type that wrote it.
 * Messages that need no change are shared with the input; when none does, the input array itself is
 * returned. Throws InvalidRequestError for a tool message that answers no call.
 */
export function translateHistory(
  messages: readonly ChatMessage[],
  target: HistoryTarget,
  overrides: Readonly<Record<string, IdRule>> = {},
): ChatMessage[] {
  const rule = ruleForProviderType(target.providerType, overrides);
  // Histories whose ids are distinct and cleanly paired (nearly all) take one scan and one map;
  // repeated ids, unanswered results and name collisions need the pairing tables below.
  return translateDistinctIds(messages, target.providerType, rule) ?? rewriteHistory(messages, target, rule);
}

/**
 * The translation with the full pairing (see ToolCallIdPairing), for any history: what
 * translateHistory falls back on. Exported for the tests that check the two paths agree.
 */
export function rewriteHistory(
  messages: readonly ChatMessage[],
  target: HistoryTarget,
  rule: IdRule,
): ChatMessage[] {
  const pairing = new ToolCallIdPairing(rule);
  let translated: ChatMessage[] | undefined;
  for (let index = 0; index < messages.length; index++) {
    const message = messages[index];
    let next: ChatMessage = message;
    if (message.role === "assistant") {
      pairing.startTurn();
      next = translateAssistantMessage(message, target.providerType, pairing);
    } else if (message.role === "tool") {
      next = translateToolMessage(message, index, target, pairing);
    }
    if (next !== message) {
      translated ??= messages.slice();
      translated[index] = next;
    }
  }
  return translated ?? (messages as ChatMessage[]);
}

function translateAssistantMessage(
  message: AssistantMessage,
  providerType: string,
  pairing: ToolCallIdPairing,
): AssistantMessage {
  const calls = message.tool_calls;
  let renamed: ToolCall[] | undefined;
  for (let index = 0; index < (calls?.length ?? 0); index++) {
    const call = (calls as ToolCall[])[index];
    const id = pairing.nameCall(typeof call.id === "string" ? call.id : "");
    if (id !== call.id) {
      renamed ??= (calls as ToolCall[]).slice();
      renamed[index] = { ...call, id };
    }
  }
  return assistantMessageForTarget(message, renamed, providerType);
}

function translateToolMessage(
  message: ToolMessage,
  index: number,
  target: HistoryTarget,
  pairing: ToolCallIdPairing,
): ToolMessage {
  const id = pairing.answer(message.tool_call_id);
  if (id === undefined) throw unansweredToolMessage(message.tool_call_id, index, target);
  return id === message.tool_call_id ? message : { ...message, tool_call_id: id };
}

function unansweredToolMessage(id: string, index: number, target: HistoryTarget): InvalidRequestError {
  const shown = JSON.stringify(id.length > QUOTED_ID_LENGTH ? `${id.slice(0, QUOTED_ID_LENGTH)}...` : id);
  return new InvalidRequestError(
    `messages[${index}] is a tool message answering tool call ${shown}, but no earlier assistant message has an unanswered tool call with that id`,
    {
      provider: target.provider,
      model: target.model,
      fix: `set messages[${index}].tool_call_id to the id of the call it answers (one tool message per call, after the assistant message holding the call), or remove the tool message`,
    },
  );
}
