import type { LLMOutput, ToolCallItem } from "../../src/index.js";
import { isValidToolCallId, PORTABLE_TOOL_CALL_ID_RULE } from "./tool-call-id-rules.js";
import { translateRepeatedToolCallId } from "./translate-tool-call-id.js";

/**
 * The output with tool-call ids every built-in provider accepts, so the caller's history stays
 * valid wherever the next turn goes (`functions.Bash:0` from an OpenAI-compatible server becomes
 * a `call_...` id, the same one every time). Calls of one output that share an id get distinct
 * ids (the second use as a repeat, see `translateRepeatedToolCallId`). Returns the output itself
 * when every id is already fine; never changes the output it is given.
 */
export function translateOutputToolCalls(output: LLMOutput): LLMOutput {
  const calls = output.toolCalls;
  if (!calls || calls.length === 0 || callIdsPortableAsIs(calls)) return output;
  const occurrences = new Map<string, number>();
  let renamed: ToolCallItem[] | undefined;
  for (let index = 0; index < calls.length; index++) {
    const call = calls[index];
    const original = typeof call.id === "string" ? call.id : "";
    const occurrence = occurrences.get(original) ?? 0;
    occurrences.set(original, occurrence + 1);
    const id = translateRepeatedToolCallId(original, occurrence, PORTABLE_TOOL_CALL_ID_RULE);
    if (id !== call.id) {
      renamed ??= calls.slice();
      renamed[index] = { ...call, id };
    }
  }
  return renamed ? { ...output, toolCalls: renamed } : output;
}

/** Beyond this many calls, the quadratic distinctness check below costs more than the map it spares. */
const QUICK_CHECK_LIMIT = 16;

/**
 * Whether every call of a few already has a portable id of its own (valid and distinct), in which
 * case the translation would change nothing: the usual output, checked without allocating.
 */
function callIdsPortableAsIs(calls: readonly ToolCallItem[]): boolean {
  if (calls.length > QUICK_CHECK_LIMIT) return false;
  for (let index = 0; index < calls.length; index++) {
    const id: unknown = calls[index]?.id;
    if (typeof id !== "string" || !isValidToolCallId(id, PORTABLE_TOOL_CALL_ID_RULE)) return false;
    for (let earlier = 0; earlier < index; earlier++) if (calls[earlier].id === id) return false;
  }
  return true;
}
