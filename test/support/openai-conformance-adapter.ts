import type { ConformanceAdapter, WireView } from "../../src/testing/conformance/conformance-adapter.js";
import type { RecordedRequest } from "../../src/testing/fake-server-types.js";
import { OPENAI_ERRORS } from "../../src/testing/protocols/openai-error-replies.js";
import {
  openAIChatCompletion,
  openAIErrorReply,
  openAIJsonReply,
  startOpenAIFakeServer,
} from "../../src/testing/protocols/openai-protocol.js";

type WireMessage = {
  role: string;
  content?: string | Array<{ type: string; text?: string; image_url?: { url: string } }> | null;
  tool_calls?: Array<{ id: string; function: { name: string; arguments: string } }>;
  tool_call_id?: string;
  name?: string;
};

function readWire(request: RecordedRequest): WireView {
  const body = request.body as { messages?: WireMessage[]; tools?: Array<{ function: { name: string } }> };
  const view: WireView = { texts: [], toolCalls: [], toolResults: [], images: [], tools: [] };
  for (const message of body.messages ?? []) {
    const parts =
      typeof message.content === "string"
        ? [{ type: "text", text: message.content }]
        : (message.content ?? []);
    if (message.role === "tool") {
      const content = parts.map((part) => part.text ?? "").join("");
      view.toolResults.push({ id: message.tool_call_id, content });
      continue;
    }
    for (const part of parts) {
      if (part.type === "text" && part.text !== undefined) view.texts.push(part.text);
      const match =
        part.type === "image_url" ? /^data:([^;]+);base64,(.*)$/.exec(part.image_url?.url ?? "") : null;
      if (match) view.images.push({ mimeType: match[1], base64: match[2] });
    }
    for (const call of message.tool_calls ?? []) {
      view.toolCalls.push({
        id: call.id,
        name: call.function.name,
        arguments: JSON.parse(call.function.arguments),
      });
    }
  }
  view.tools = (body.tools ?? []).map((tool) => tool.function.name);
  return view;
}

/** The OpenAI plugin's conformance adapter: the real `openai` SDK against the OpenAI fake server. */
export const openAIConformanceAdapter: ConformanceAdapter = {
  name: "openai",
  startServer: () => startOpenAIFakeServer(),
  createConfig: (server, { apiKey, timeoutMs }) => ({
    plugins: ["openai"],
    providers: {
      conformance: {
        type: "openai",
        apiKey,
        baseURL: `${server.url}/v1`,
        ...(timeoutMs ? { timeoutMs } : {}),
      },
    },
    clients: { default: { provider: "conformance", model: "gpt-4o" } },
  }),
  textReply: (text, usage) => openAIJsonReply(openAIChatCompletion({ content: text, usage })),
  expectedUsage: ({ promptTokens, completionTokens }) => ({
    promptTokens,
    completionTokens,
    totalTokens: promptTokens + completionTokens,
    cachedTokens: 0,
    reasoningTokens: 0,
  }),
  toolCallReply: (calls) => openAIJsonReply(openAIChatCompletion({ toolCalls: calls })),
  unknownFinishReasonReply: (text) =>
    openAIJsonReply(openAIChatCompletion({ content: text, finishReason: "a_reason_from_the_future" })),
  errorCase: (kind, apiKey) => {
    switch (kind) {
      case "rate_limit":
        return {
          reply: OPENAI_ERRORS.rateLimit({ retryAfter: "2" }),
          retryAfterMs: 2000,
          requestId: "req_rate_limit",
        };
      case "quota_exhausted":
        return { reply: OPENAI_ERRORS.insufficientQuota(), requestId: "req_quota" };
      case "authentication":
        // Worse than OpenAI, which masks the key: a proxy echoing it whole tests value-based scrubbing.
        return {
          reply: openAIErrorReply({
            status: 401,
            message: `Incorrect API key provided: ${apiKey}.`,
            code: "invalid_api_key",
            requestId: "req_auth",
          }),
          requestId: "req_auth",
        };
      case "model_not_found":
        return { reply: OPENAI_ERRORS.modelNotFound("gpt-4o") };
      case "context_length":
        return { reply: OPENAI_ERRORS.contextLengthExceeded() };
      case "invalid_request":
        return { reply: OPENAI_ERRORS.invalidRequest() };
      case "provider_unavailable":
        return { reply: OPENAI_ERRORS.overloaded() };
    }
  },
  readWire,
  sentApiKey: (request) => /^Bearer (.+)$/.exec(request.headers.authorization ?? "")?.[1],
};
