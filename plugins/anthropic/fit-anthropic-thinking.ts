import type { AnthropicContentBlock, AnthropicRequestBody } from "./anthropic-api-types.js";

/**
 * Anthropic's rules that depend on the whole request, applied to a built body in place
 * (https://platform.claude.com/docs/en/build-with-claude/extended-thinking). Returns a note for
 * each change, for the attempt record and a warn line.
 *
 * - With thinking on, `tool_choice` may only be `auto` or `none`. A call that forces a tool keeps
 *   its tool choice and is sent without thinking: the tool call is what the caller asked for.
 * - With thinking on, the last assistant turn of a tool loop must start with a thinking block.
 *   When the loop was started by another provider (a fallback mid-loop), that turn has none, and
 *   no valid one can be made (its signature is Anthropic's); that request is sent without thinking.
 *   The next turn, answered by Anthropic itself, carries its own thinking block again.
 * - With thinking on, a final assistant message (a prefill) cannot be continued: that request too
 *   is sent without thinking, the prefill kept.
 * - A final assistant message (a prefill) must not end in whitespace: the whitespace is trimmed.
 */
export function fitAnthropicThinking(body: AnthropicRequestBody): string[] {
  const notes: string[] = [];
  if (thinkingOn(body)) {
    const choice = body.tool_choice?.type;
    if (choice === "any" || choice === "tool") {
      delete body.thinking;
      notes.push(
        "thinking left out of this request: Anthropic allows thinking only with tool_choice auto or none, and the call forces a tool",
      );
    } else if (body.messages[body.messages.length - 1]?.role === "assistant") {
      delete body.thinking;
      notes.push(
        "thinking left out of this request: Anthropic does not continue a prefilled assistant message with thinking on",
      );
    } else if (lastToolTurnLacksThinking(body)) {
      delete body.thinking;
      notes.push(
        "thinking left out of this request: the tool loop's last assistant turn has no thinking block (another provider made it), which Anthropic refuses with thinking on",
      );
    }
  }
  if (trimPrefill(body)) notes.push("trailing whitespace trimmed from the final assistant message (prefill)");
  return notes;
}

function thinkingOn(body: AnthropicRequestBody): boolean {
  const thinking = body.thinking as { type?: unknown } | undefined;
  return thinking?.type === "enabled" || thinking?.type === "adaptive";
}

function lastToolTurnLacksThinking(body: AnthropicRequestBody): boolean {
  const { messages } = body;
  const last = messages.length - 1;
  if (last < 1 || messages[last].role !== "user") return false;
  if (!messages[last].content.some((block) => block.type === "tool_result")) return false;
  const first = messages[last - 1].content[0];
  return first?.type !== "thinking" && first?.type !== "redacted_thinking";
}

/** Trims the final assistant message's trailing whitespace; drops it when nothing is left. */
function trimPrefill(body: AnthropicRequestBody): boolean {
  const last = body.messages[body.messages.length - 1];
  if (last?.role !== "assistant") return false;
  const tail = last.content[last.content.length - 1] as AnthropicContentBlock & { text?: unknown };
  if (tail?.type !== "text" || typeof tail.text !== "string" || !/\s$/.test(tail.text)) return false;
  const text = tail.text.trimEnd();
  if (text !== "") last.content[last.content.length - 1] = { ...tail, text } as AnthropicContentBlock;
  else last.content.pop();
  if (last.content.length === 0) body.messages.pop();
  return true;
}
