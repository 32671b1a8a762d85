import type { FinishReason } from "../../src/index.js";

/**
 * Anthropic's `stop_reason` as the runtime's finish reason. `model_context_window_exceeded` (the
 * reply filled the model's context window) is `length`, as OpenAI reports a reply cut short.
 * Total: `pause_turn` (a server tool paused a long turn), null and any value a newer API adds map
 * to `other`; the raw value stays readable in `reasoningInfo.rawFinishReason`.
 */
export function mapAnthropicStopReason(stopReason: string | null | undefined): FinishReason {
  switch (stopReason) {
    case "end_turn":
    case "stop_sequence":
      return "stop";
    case "max_tokens":
    case "model_context_window_exceeded":
      return "length";
    case "tool_use":
      return "tool_calls";
    case "refusal":
      return "content_filter";
    default:
      return "other";
  }
}
