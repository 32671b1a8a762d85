import type { FinishReason } from "../../src/index.js";

/**
 * OpenAI's `finish_reason` as the runtime's. `function_call` is the deprecated form of
 * `tool_calls`; anything else (null, a value from a newer API) is `other`.
 */
export function mapOpenAIFinishReason(finishReason: unknown): FinishReason {
  switch (finishReason) {
    case "stop":
      return "stop";
    case "length":
      return "length";
    case "tool_calls":
    case "function_call":
      return "tool_calls";
    case "content_filter":
      return "content_filter";
    default:
      return "other";
  }
}
