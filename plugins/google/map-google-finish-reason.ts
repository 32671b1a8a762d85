import type { FinishReason } from "../../src/index.js";

const FILTER_REASONS = new Set([
  "SAFETY",
  "RECITATION",
  "BLOCKLIST",
  "PROHIBITED_CONTENT",
  "SPII",
  "IMAGE_SAFETY",
  "IMAGE_PROHIBITED_CONTENT",
  "IMAGE_RECITATION",
]);

/**
 * Maps Gemini's `finishReason` to the runtime's. Total: an unknown or missing value is `other`.
 * Gemini says `STOP` on a turn that made function calls, so a turn with calls
 * reports `tool_calls` unless it was cut short or filtered.
 */
export function mapGoogleFinishReason(raw: string | null | undefined, hasToolCalls: boolean): FinishReason {
  if (raw === "MAX_TOKENS") return "length";
  if (raw !== null && raw !== undefined && FILTER_REASONS.has(raw)) return "content_filter";
  if (hasToolCalls) return "tool_calls";
  if (raw === "STOP") return "stop";
  return "other";
}
