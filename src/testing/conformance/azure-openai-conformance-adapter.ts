import { AZURE_OPENAI_ERRORS } from "../protocols/azure-openai-error-replies.js";
import {
  AZURE_OPENAI_API_VERSION,
  azureOpenAIChatCompletion,
  azureOpenAIChunkEvents,
  startAzureOpenAIFakeServer,
} from "../protocols/azure-openai-protocol.js";
import { openAIJsonReply, openAISseReply, openAIStreamErrorEvent } from "../protocols/openai-protocol.js";
import type { ConformanceAdapter } from "./conformance-adapter.js";
import { openAIConformanceAdapter } from "./openai-conformance-adapter.js";

/**
 * The Azure OpenAI plugin's conformance adapter: the `openai` SDK's AzureOpenAI client against the
 * Azure fake server. The wire body is OpenAI's, so the OpenAI adapter reads it; the replies carry
 * Azure's content filter results and the errors Azure's shapes. The client's model names the
 * deployment. Azure has no separate quota-exhausted error (a used-up quota is a 429 like a rate
 * limit), and the recorded streams are OpenAI's, not Azure's: those cases stay pending.
 */
export const azureOpenAIConformanceAdapter: ConformanceAdapter = {
  name: "azure-openai",
  startServer: () => startAzureOpenAIFakeServer(),
  createConfig: (server, { apiKey, timeoutMs }) => ({
    plugins: ["azure-openai"],
    providers: {
      conformance: {
        type: "azure-openai",
        endpoint: server.url,
        apiVersion: AZURE_OPENAI_API_VERSION,
        apiKey,
        ...(timeoutMs ? { timeoutMs } : {}),
      },
    },
    clients: { default: { provider: "conformance", model: "gpt-4o" } },
  }),
  textReply: (text, usage) => openAIJsonReply(azureOpenAIChatCompletion({ content: text, usage })),
  expectedUsage: openAIConformanceAdapter.expectedUsage,
  toolCallReply: (calls) => openAIJsonReply(azureOpenAIChatCompletion({ toolCalls: calls })),
  unknownFinishReasonReply: (text) =>
    openAIJsonReply(azureOpenAIChatCompletion({ content: text, finishReason: "a_reason_from_the_future" })),
  errorCase: (kind) => {
    switch (kind) {
      case "rate_limit":
        return {
          reply: AZURE_OPENAI_ERRORS.rateLimit(2),
          retryAfterMs: 2000,
          requestId: "azure-req-rate-limit",
        };
      case "quota_exhausted":
        return undefined;
      case "authentication":
        return { reply: AZURE_OPENAI_ERRORS.accessDenied(), requestId: "azure-req-auth" };
      case "model_not_found":
        return { reply: AZURE_OPENAI_ERRORS.deploymentNotFound() };
      case "context_length":
        return { reply: AZURE_OPENAI_ERRORS.contextLengthExceeded() };
      case "invalid_request":
        return { reply: AZURE_OPENAI_ERRORS.invalidRequest() };
      case "provider_unavailable":
        return { reply: AZURE_OPENAI_ERRORS.serviceUnavailable() };
    }
  },
  readWire: openAIConformanceAdapter.readWire,
  sentApiKey: (request) => request.headers["api-key"],
  stream: {
    textReply: (pieces, usage) => openAISseReply(azureOpenAIChunkEvents({ textPieces: pieces, usage })),
    toolCallReply: (calls) => openAISseReply(azureOpenAIChunkEvents({ toolCalls: calls })),
    errorEventReply: (piecesBefore) => {
      // The prompt-filter chunk, the role chunk, then one chunk per piece.
      const deltas = azureOpenAIChunkEvents({ textPieces: piecesBefore }).slice(0, 2 + piecesBefore.length);
      return openAISseReply([...deltas, openAIStreamErrorEvent()]);
    },
  },
};
