import type { FinishReason } from "../../src/index.js";

/**
 * Anthropic's `stop_reason` as the runtime's finish reason. Total: `pause_turn` (a server tool
 * paused a long turn), `model_context_window_exceeded`, null and any value a newer API adds map
 * to `other`; the raw value stays readable in `reasoningInfo.rawFinishReason`.
 */
export function mapAnthropicStopReason(stopReason: string | null | undefined): FinishReason {
  switch (stopReason) {
    case "end_turn":
    case "stop_sequence":
      return "stop";
    case "max_tokens":
      return "length";
    case "tool_use":
      return "tool_calls";
    case "refusal":
      return "content_filter";
    default:
      return "other";
  }
}
