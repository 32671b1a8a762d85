import type { RecordedRequest } from "../fake-server-types.js";
import { OPENAI_ERRORS } from "../protocols/openai-error-replies.js";
import {
  openAIChatCompletion,
  openAIChunkEvents,
  openAIErrorReply,
  openAIJsonReply,
  openAISseReply,
  openAIStreamErrorEvent,
  startOpenAIFakeServer,
} from "../protocols/openai-protocol.js";
import type { ConformanceAdapter, ConformanceStreamAdapter, WireView } from "./conformance-adapter.js";

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

type RecordedChunk = {
  id?: string;
  created?: number;
  model?: string;
  choices?: Array<{
    delta?: {
      content?: string | null;
      refusal?: string | null;
      tool_calls?: Array<{ index: number; id?: string; function?: { name?: string; arguments?: string } }>;
    };
    finish_reason?: string | null;
  }>;
  usage?: unknown;
};

type CollapsedCall = { id: string; type: "function"; function: { name: string; arguments: string } };

/**
 * The `chat.completion` OpenAI returns for the same reply as these chunks, written apart from the
 * plugin as the suite's oracle: deltas joined, tool calls by `index`, the last usage, and
 * `content: null` beside tool calls as OpenAI's non-streaming body has it.
 */
function collapseOpenAIChunks(payloads: unknown[]): unknown {
  const chunks = payloads as RecordedChunk[];
  let content = "";
  let refusal: string | null = null;
  let finishReason: string | null = null;
  let usage: unknown;
  const calls: CollapsedCall[] = [];
  for (const chunk of chunks) {
    if (chunk.usage) usage = chunk.usage;
    for (const choice of chunk.choices ?? []) {
      content += choice.delta?.content ?? "";
      if (choice.delta?.refusal) refusal = (refusal ?? "") + choice.delta.refusal;
      for (const call of choice.delta?.tool_calls ?? []) {
        calls[call.index] ??= { id: "", type: "function", function: { name: "", arguments: "" } };
        const slot = calls[call.index];
        if (call.id) slot.id = call.id;
        if (call.function?.name) slot.function.name = call.function.name;
        slot.function.arguments += call.function?.arguments ?? "";
      }
      finishReason = choice.finish_reason ?? finishReason;
    }
  }
  const message = {
    role: "assistant",
    content: content === "" && (calls.length > 0 || refusal !== null) ? null : content,
    refusal,
    ...(calls.length > 0 ? { tool_calls: calls } : {}),
  };
  const { id, created, model } = chunks[0] ?? {};
  return {
    id,
    object: "chat.completion",
    created,
    model,
    choices: [{ index: 0, message, finish_reason: finishReason }],
    usage,
  };
}

const openAIStreamAdapter: ConformanceStreamAdapter = {
  textReply: (pieces, usage) => openAISseReply(openAIChunkEvents({ textPieces: pieces, usage })),
  toolCallReply: (calls) => openAISseReply(openAIChunkEvents({ toolCalls: calls })),
  errorEventReply: (piecesBefore) => {
    const deltas = openAIChunkEvents({ textPieces: piecesBefore }).slice(0, 1 + piecesBefore.length);
    return openAISseReply([...deltas, openAIStreamErrorEvent()]);
  },
  recorded: {
    folder: "openai",
    streamReply: (payloads) =>
      openAISseReply(
        payloads.map((data) => ({ data })),
        { withDone: true },
      ),
    jsonReply: (body) => openAIJsonReply(body),
    collapse: collapseOpenAIChunks,
    // OpenAI names each reply `chatcmpl-...`, the same in every chunk and in the non-streaming body.
    isSameReply: (payloads, body) =>
      (payloads[0] as RecordedChunk | undefined)?.id === (body as { id?: string }).id,
  },
};

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
  stream: openAIStreamAdapter,
};
