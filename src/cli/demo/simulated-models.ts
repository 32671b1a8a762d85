import type { FakeReply, RecordedRequest } from "../../testing/fake-server-types.js";
import {
  anthropicErrorReply,
  anthropicJsonReply,
  anthropicMessage,
} from "../../testing/protocols/anthropic-protocol.js";
import { googleGenerateContentResponse, googleJsonReply } from "../../testing/protocols/google-protocol.js";
import {
  openAIChatCompletion,
  openAIErrorReply,
  openAIJsonReply,
} from "../../testing/protocols/openai-protocol.js";

/**
 * The demo's simulated models. Each answers from what it was actually sent: the tool results it
 * quotes come from the request body on the wire, so the conversation shown is the one the runtime
 * carried across providers.
 */

/** Every string the request carries as a tool result, whatever the provider's shape. */
function toolResultsIn(request: RecordedRequest): string[] {
  const results: string[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    if (typeof value !== "object" || value === null) return;
    const node = value as Record<string, unknown>;
    if (node.type === "tool_result" || node.role === "tool") results.push(textOf(node.content));
    else if (node.functionResponse)
      results.push(textOf((node.functionResponse as Record<string, unknown>).response));
    else for (const child of Object.values(node)) visit(child);
  };
  visit(request.body);
  return results;
}

function textOf(value: unknown): string {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return value.map(textOf).join("");
  if (typeof value === "object" && value !== null) return Object.values(value).map(textOf).join("");
  return "";
}

const numberIn = (text: string | undefined) => Number.parseFloat(text?.match(/-?\d+(\.\d+)?/)?.[0] ?? "NaN");

/** OpenAI: asks for the first conversion, then is rate limited and goes down. */
export function scriptOpenAI(): { replies: FakeReply[]; outage: FakeReply } {
  const firstCall = openAIChatCompletion({
    toolCalls: [
      { id: "call_Vb81kQd2LmX", name: "convert_units", arguments: '{"value":26.2,"from":"mi","to":"km"}' },
    ],
    usage: { promptTokens: 96, completionTokens: 24 },
  });
  return {
    replies: [
      openAIJsonReply(firstCall),
      openAIErrorReply({ status: 429, code: "rate_limit_exceeded", type: "requests", retryAfterMs: "300" }),
      openAIErrorReply({ status: 503, message: "The server is overloaded or not ready yet." }),
    ],
    outage: openAIErrorReply({ status: 503, message: "The server is overloaded or not ready yet." }),
  };
}

/** Anthropic: picks up the tool loop with the second conversion, then is overloaded. */
export function scriptAnthropic(): {
  replies: Array<(request: RecordedRequest) => FakeReply>;
  outage: FakeReply;
} {
  const secondCall = (request: RecordedRequest) => {
    const kilometres = numberIn(toolResultsIn(request).at(-1));
    return anthropicJsonReply(
      anthropicMessage({
        text: "Now I'll convert that to metres.",
        toolUses: [
          {
            id: "toolu_01DemoMetres",
            name: "convert_units",
            input: { value: kilometres, from: "km", to: "m" },
          },
        ],
        usage: { inputTokens: 180, outputTokens: 41 },
      }),
    );
  };
  return {
    replies: [secondCall],
    outage: anthropicErrorReply({ status: 529, type: "overloaded_error", message: "Overloaded" }),
  };
}

/** Gemini: writes the answer from both tool results. */
export function scriptGoogle(): { replies: Array<(request: RecordedRequest) => FakeReply> } {
  const answer = (request: RecordedRequest) => {
    const [kilometres, metres] = toolResultsIn(request);
    return googleJsonReply(
      googleGenerateContentResponse({
        text: `A 26.2-mile marathon is ${kilometres}, which is ${metres}.`,
        usage: { promptTokens: 240, candidatesTokens: 22 },
      }),
    );
  };
  return { replies: [answer] };
}
