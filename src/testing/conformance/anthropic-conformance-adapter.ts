import type { RecordedRequest } from "../fake-server-types.js";
import { ANTHROPIC_ERRORS } from "../protocols/anthropic-error-replies.js";
import {
  anthropicJsonReply,
  anthropicMessage,
  anthropicSentApiKey,
  anthropicSseReply,
  startAnthropicFakeServer,
} from "../protocols/anthropic-protocol.js";
import { collapseAnthropicStream } from "../protocols/anthropic-stream-collapse.js";
import { anthropicStreamErrorEvent, anthropicStreamReply } from "../protocols/anthropic-stream-replies.js";
import type { ConformanceAdapter, ConformanceStreamAdapter, WireView } from "./conformance-adapter.js";

/** A current model id: @anthropic-ai/sdk 1.14 warns on stderr for every call naming a deprecated one. */
export const ANTHROPIC_CONFORMANCE_MODEL = "claude-sonnet-4-6";

type WireBlock = {
  type: string;
  text?: string;
  id?: string;
  name?: string;
  input?: unknown;
  tool_use_id?: string;
  content?: string | Array<{ type: string; text?: string }>;
  source?: { type: string; media_type?: string; data?: string };
};

type WireBody = {
  system?: string | Array<{ text: string }>;
  messages?: Array<{ role: string; content: string | WireBlock[] }>;
  tools?: Array<{ name: string }>;
};

function toolResultText(content: WireBlock["content"]): string {
  if (typeof content === "string") return content;
  return (content ?? []).map((part) => part.text ?? "").join("");
}

/** Reads what a Messages request carried, in the suite's provider-neutral terms. */
export function readAnthropicWire(request: RecordedRequest): WireView {
  const body = (request.body ?? {}) as WireBody;
  const view: WireView = { texts: [], toolCalls: [], toolResults: [], images: [], tools: [] };
  if (typeof body.system === "string") view.texts.push(body.system);
  else for (const block of body.system ?? []) view.texts.push(block.text);
  for (const message of body.messages ?? []) {
    const blocks: WireBlock[] =
      typeof message.content === "string" ? [{ type: "text", text: message.content }] : message.content;
    for (const block of blocks) {
      if (block.type === "text" && block.text !== undefined) view.texts.push(block.text);
      if (block.type === "tool_use") {
        view.toolCalls.push({ id: block.id, name: block.name ?? "", arguments: block.input ?? {} });
      }
      if (block.type === "tool_result") {
        view.toolResults.push({ id: block.tool_use_id, content: toolResultText(block.content) });
      }
      if (block.type === "image" && block.source?.type === "base64") {
        view.images.push({ mimeType: block.source.media_type ?? "", base64: block.source.data ?? "" });
      }
    }
  }
  view.tools = (body.tools ?? []).map((tool) => tool.name);
  return view;
}

/** Anthropic's streamed replies: content block events, tool input as `input_json_delta`. */
const anthropicStreamAdapter: ConformanceStreamAdapter = {
  textReply: (pieces, usage) =>
    anthropicStreamReply(
      { usage: { inputTokens: usage.promptTokens, outputTokens: usage.completionTokens } },
      { textPieces: pieces },
    ),
  // Tool input split into 7-character pieces: partial JSON cut mid-string, as Anthropic sends it.
  toolCallReply: (calls) =>
    anthropicStreamReply(
      { toolUses: calls.map((call) => ({ id: call.id, name: call.name, input: call.arguments })) },
      { pieceLength: 7 },
    ),
  errorEventReply: (piecesBefore) => {
    const events = anthropicStreamReply({}, { textPieces: piecesBefore }).events;
    // message_start, ping, the text block's start and one delta per piece; then the overload.
    const before = piecesBefore.length === 0 ? events.slice(0, 2) : events.slice(0, 3 + piecesBefore.length);
    return anthropicSseReply([...before, anthropicStreamErrorEvent()]);
  },
  recorded: {
    folder: "anthropic",
    // The recordings dropped the `event:` lines; Anthropic names each event by its data's type.
    streamReply: (payloads) =>
      anthropicSseReply(payloads.map((data) => ({ event: (data as { type?: string }).type, data }))),
    jsonReply: (body) => anthropicJsonReply(body),
    collapse: collapseAnthropicStream,
  },
};

/** The anthropic plugin's conformance adapter: the real `@anthropic-ai/sdk` against the Anthropic fake server. */
export const anthropicConformanceAdapter: ConformanceAdapter = {
  name: "anthropic",
  startServer: () => startAnthropicFakeServer(),
  createConfig: (server, { apiKey, timeoutMs }) => ({
    plugins: ["anthropic"],
    providers: {
      conformance: {
        type: "anthropic",
        apiKey,
        baseURL: server.url,
        ...(timeoutMs ? { timeoutMs } : {}),
      },
    },
    clients: { default: { provider: "conformance", model: ANTHROPIC_CONFORMANCE_MODEL } },
  }),
  textReply: (text, usage) =>
    anthropicJsonReply(
      anthropicMessage({
        text,
        usage: { inputTokens: usage.promptTokens, outputTokens: usage.completionTokens },
      }),
    ),
  expectedUsage: ({ promptTokens, completionTokens }) => ({
    promptTokens,
    completionTokens,
    totalTokens: promptTokens + completionTokens,
    cachedTokens: 0,
    cacheWriteTokens: 0,
  }),
  toolCallReply: (calls) =>
    anthropicJsonReply(
      anthropicMessage({
        toolUses: calls.map((call) => ({ id: call.id, name: call.name, input: call.arguments })),
      }),
    ),
  unknownFinishReasonReply: (text) =>
    anthropicJsonReply(anthropicMessage({ text, stopReason: "a_reason_from_the_future" })),
  errorCase: (kind) => {
    switch (kind) {
      case "rate_limit":
        return {
          reply: ANTHROPIC_ERRORS.rateLimit({ retryAfter: "2" }),
          retryAfterMs: 2000,
          requestId: "req_rate_limit",
        };
      case "quota_exhausted":
        return { reply: ANTHROPIC_ERRORS.creditExhausted(), requestId: "req_billing" };
      case "authentication":
        return { reply: ANTHROPIC_ERRORS.invalidApiKey(), requestId: "req_auth" };
      case "model_not_found":
        return { reply: ANTHROPIC_ERRORS.modelNotFound(ANTHROPIC_CONFORMANCE_MODEL) };
      case "context_length":
        return { reply: ANTHROPIC_ERRORS.promptTooLong() };
      case "invalid_request":
        return { reply: ANTHROPIC_ERRORS.invalidRequest() };
      case "provider_unavailable":
        return { reply: ANTHROPIC_ERRORS.overloaded(), requestId: "req_overloaded" };
    }
  },
  readWire: readAnthropicWire,
  sentApiKey: anthropicSentApiKey,
  stream: anthropicStreamAdapter,
};
