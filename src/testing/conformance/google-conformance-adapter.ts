import type { RecordedRequest } from "../fake-server-types.js";
import { GOOGLE_ERRORS, googleErrorReply } from "../protocols/google-error-replies.js";
import {
  googleGenerateContentResponse,
  googleJsonReply,
  googleSseReply,
  startGoogleFakeServer,
} from "../protocols/google-protocol.js";
import { collapseGoogleStream } from "../protocols/google-stream-collapse.js";
import {
  googleStreamChunks,
  googleStreamErrorData,
  googleStreamReply,
} from "../protocols/google-stream-replies.js";
import type { ConformanceAdapter, ConformanceStreamAdapter, WireView } from "./conformance-adapter.js";

/** The model the conformance config names: before Gemini 3, so no thought signatures are needed. */
export const GOOGLE_CONFORMANCE_MODEL = "gemini-2.5-flash";

type WirePart = {
  text?: string;
  thought?: boolean;
  inlineData?: { mimeType: string; data: string };
  functionCall?: { id?: string; name: string; args?: unknown };
  functionResponse?: { id?: string; name?: string; response?: unknown };
};

type WireBody = {
  systemInstruction?: { parts?: WirePart[] };
  contents?: Array<{ role?: string; parts?: WirePart[] }>;
  tools?: Array<{ functionDeclarations?: Array<{ name: string }> }>;
};

/** Reads what a `generateContent` request carried, in the suite's provider-neutral terms. */
export function readGoogleWire(request: RecordedRequest): WireView {
  const body = (request.body ?? {}) as WireBody;
  const view: WireView = { texts: [], toolCalls: [], toolResults: [], images: [], tools: [] };
  const parts = [
    ...(body.systemInstruction?.parts ?? []),
    ...(body.contents ?? []).flatMap((content) => content.parts ?? []),
  ];
  for (const part of parts) {
    if (typeof part.text === "string" && !part.thought) view.texts.push(part.text);
    if (part.inlineData)
      view.images.push({ mimeType: part.inlineData.mimeType, base64: part.inlineData.data });
    if (part.functionCall) {
      view.toolCalls.push({
        id: part.functionCall.id,
        name: part.functionCall.name,
        arguments: part.functionCall.args ?? {},
      });
    }
    if (part.functionResponse) {
      const { id, name, response } = part.functionResponse;
      view.toolResults.push({ id, name, content: JSON.stringify(response ?? {}) });
    }
  }
  view.tools = (body.tools ?? []).flatMap((tool) =>
    (tool.functionDeclarations ?? []).map((declaration) => declaration.name),
  );
  return view;
}

/**
 * Streamed Gemini replies: text in pieces, each call whole in one chunk, finishReason and the
 * final usage on a closing chunk; an overloaded server's `{"error":{"code":503,...}}` event.
 */
const googleStreamAdapter: ConformanceStreamAdapter = {
  textReply: (pieces, usage) =>
    googleStreamReply({
      textChunks: pieces,
      usage: { promptTokens: usage.promptTokens, candidatesTokens: usage.completionTokens },
    }),
  toolCallReply: (calls) =>
    googleStreamReply({
      functionCalls: calls.map((call) => ({ id: call.id, name: call.name, args: call.arguments })),
    }),
  errorEventReply: (piecesBefore) => {
    const deltas = googleStreamChunks({ textChunks: piecesBefore }).slice(0, piecesBefore.length);
    return googleSseReply([...deltas, googleStreamErrorData(503)]);
  },
  recorded: {
    folder: "google",
    streamReply: (payloads) => googleSseReply(payloads),
    jsonReply: (body) => googleJsonReply(body),
    collapse: collapseGoogleStream,
    // Gemini repeats the reply's responseId on every chunk; separate recordings never share one.
    isSameReply: (payloads, body) => {
      const streamed = (payloads[0] as { responseId?: string } | undefined)?.responseId;
      return streamed !== undefined && streamed === (body as { responseId?: string }).responseId;
    },
  },
};

/** The google plugin's conformance adapter: the real `@google/genai` SDK against the Gemini fake server. */
export const googleConformanceAdapter: ConformanceAdapter = {
  name: "google",
  startServer: () => startGoogleFakeServer(),
  createConfig: (server, { apiKey, timeoutMs }) => ({
    plugins: ["google"],
    providers: {
      conformance: { type: "google", apiKey, baseURL: server.url, ...(timeoutMs ? { timeoutMs } : {}) },
    },
    clients: { default: { provider: "conformance", model: GOOGLE_CONFORMANCE_MODEL } },
  }),
  textReply: (text, usage) =>
    googleJsonReply(
      googleGenerateContentResponse({
        text,
        usage: { promptTokens: usage.promptTokens, candidatesTokens: usage.completionTokens },
      }),
    ),
  expectedUsage: ({ promptTokens, completionTokens }) => ({
    promptTokens,
    completionTokens,
    totalTokens: promptTokens + completionTokens,
  }),
  toolCallReply: (calls) =>
    googleJsonReply(
      googleGenerateContentResponse({
        functionCalls: calls.map((call) => ({ id: call.id, name: call.name, args: call.arguments })),
      }),
    ),
  unknownFinishReasonReply: (text) =>
    googleJsonReply(googleGenerateContentResponse({ text, finishReason: "A_REASON_FROM_THE_FUTURE" })),
  errorCase: (kind, apiKey) => {
    switch (kind) {
      case "rate_limit":
        return { reply: GOOGLE_ERRORS.rateLimit("2s"), retryAfterMs: 2000 };
      case "quota_exhausted":
        return { reply: GOOGLE_ERRORS.dailyQuota() };
      case "authentication":
        // Worse than Gemini, which does not echo the key: the key in a URL and by value tests scrubbing.
        return {
          reply: googleErrorReply({
            status: 400,
            message: `API key not valid. Please pass a valid API key. (while calling https://generativelanguage.googleapis.com/v1beta/models?key=${apiKey}; key ${apiKey})`,
            details: [
              {
                "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                reason: "API_KEY_INVALID",
                domain: "googleapis.com",
              },
            ],
          }),
        };
      case "model_not_found":
        return { reply: GOOGLE_ERRORS.modelNotFound(GOOGLE_CONFORMANCE_MODEL) };
      case "context_length":
        return { reply: GOOGLE_ERRORS.contextLength() };
      case "invalid_request":
        return { reply: GOOGLE_ERRORS.invalidArgument() };
      case "provider_unavailable":
        return { reply: GOOGLE_ERRORS.unavailable() };
    }
  },
  readWire: readGoogleWire,
  sentApiKey: (request) => request.headers["x-goog-api-key"],
  stream: googleStreamAdapter,
};
