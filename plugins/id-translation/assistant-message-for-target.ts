import { type AssistantMessage, EXTENSION_FIELD, type ToolCall } from "../../src/index.js";

/**
 * The assistant message as it goes to `providerType`: with the renamed tool calls when some were
 * renamed, and without its extension (`llm_runtime`) when another provider type wrote it. The
 * message itself when neither applies; otherwise a shallow copy, the original left as it was.
 */
export function assistantMessageForTarget(
  message: AssistantMessage,
  renamed: ToolCall[] | undefined,
  providerType: string,
): AssistantMessage {
  const extension = message[EXTENSION_FIELD];
  // Extension data (thought signatures, thinking blocks) means something only to the provider type
  // that wrote it; another provider would refuse it or be misled by it.
  const dropExtension = EXTENSION_FIELD in message && extension?.providerType !== providerType;
  if (!renamed && !dropExtension) return message;
  const next: AssistantMessage = { ...message };
  if (dropExtension) delete next[EXTENSION_FIELD];
  if (renamed) next.tool_calls = renamed;
  return next;
}
