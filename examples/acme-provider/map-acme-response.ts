import type { FinishReason, LLMOutput, ToolCallItem } from "../../src/index.js";

/** Acme's answer to `POST /v1/chat`, read tolerantly: every field may be missing. */
export interface AcmeResponseBody {
  id?: string;
  reply?: { text?: string | null; calls?: Array<{ id?: string; tool: string; input?: unknown }> };
  /** `done`, `calls`, `limit` or `blocked` today; newer values may come. */
  stop?: string;
  tokens?: { in?: number; out?: number };
}

/** Total: a stop reason this plugin cannot know maps to `other`. */
export function mapAcmeStopReason(stop: string | undefined): FinishReason {
  switch (stop) {
    case "done":
      return "stop";
    case "calls":
      return "tool_calls";
    case "limit":
      return "length";
    case "blocked":
      return "content_filter";
    default:
      return "other";
  }
}

export function isAcmeResponse(value: unknown): value is AcmeResponseBody {
  return typeof value === "object" && value !== null && "reply" in value;
}

/** Acme's answer as an LLMOutput; `attempts` is filled in by the kernel. */
export function mapAcmeResponse(
  body: AcmeResponseBody,
  target: { provider: string; model: string },
): LLMOutput {
  const calls = body.reply?.calls ?? [];
  const toolCalls: ToolCallItem[] = calls.map((call, index) => ({
    id: call.id || `call_${index}`,
    type: "function",
    function: {
      name: call.tool,
      arguments: typeof call.input === "string" ? call.input : JSON.stringify(call.input ?? {}),
    },
  }));
  const promptTokens = body.tokens?.in ?? 0;
  const completionTokens = body.tokens?.out ?? 0;
  return {
    content: body.reply?.text ?? null,
    toolCalls: toolCalls.length > 0 ? toolCalls : null,
    usage: { promptTokens, completionTokens, totalTokens: promptTokens + completionTokens },
    finishReason: mapAcmeStopReason(body.stop),
    provider: target.provider,
    model: target.model,
    reasoningInfo: null,
    attempts: [],
  };
}
