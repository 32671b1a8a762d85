import {
  AuthenticationError,
  ConnectionError,
  ContentFilterError,
  ContextLengthError,
  InvalidRequestError,
  type LLMOutput,
  LLMProviderError,
  type LLMRequest,
  ModelNotFoundError,
  type ProviderErrorDetails,
  ProviderUnavailableError,
  QuotaExhaustedError,
  RateLimitError,
  TimeoutError,
  type ToolCallItem,
} from "../../src/index.js";
import { messageText } from "./match-scripted-rule.js";
import type { ScriptedError, ScriptedReply } from "./scripted-rule.js";

type ErrorClass = new (message: string, details: ProviderErrorDetails) => LLMProviderError;

const ERROR_CLASSES: Partial<Record<ScriptedError["kind"], ErrorClass>> = {
  rate_limit: RateLimitError,
  quota_exhausted: QuotaExhaustedError,
  authentication: AuthenticationError,
  model_not_found: ModelNotFoundError,
  context_length: ContextLengthError,
  invalid_request: InvalidRequestError,
  content_filter: ContentFilterError,
  provider_unavailable: ProviderUnavailableError,
  timeout: TimeoutError,
  connection: ConnectionError,
};

export function buildScriptedError(error: ScriptedError, request: LLMRequest): LLMProviderError {
  const details = {
    provider: request.provider,
    model: request.model,
    status: error.status,
    retryAfterMs: error.retryAfterMs,
  };
  const message = error.message ?? `scripted ${error.kind}`;
  const ErrorType = ERROR_CLASSES[error.kind];
  return ErrorType ? new ErrorType(message, details) : new LLMProviderError(error.kind, message, details);
}

/** A rough token count (4 characters a token) so usage numbers move with the text. */
const estimateTokens = (text: string) => Math.ceil(text.length / 4);

export function buildScriptedOutput(
  reply: ScriptedReply,
  request: LLMRequest,
  nextCallId: () => string,
): LLMOutput {
  const toolCalls: ToolCallItem[] | null = reply.toolCalls?.length
    ? reply.toolCalls.map((call) => ({
        id: call.id ?? nextCallId(),
        type: "function",
        function: {
          name: call.name,
          arguments:
            typeof call.arguments === "string" ? call.arguments : JSON.stringify(call.arguments ?? {}),
        },
      }))
    : null;
  const content = reply.text ?? null;
  const promptTokens = request.messages.reduce(
    (sum, message) => sum + estimateTokens(messageText(message)),
    0,
  );
  const completionTokens = estimateTokens(content ?? "") + (toolCalls?.length ?? 0) * 8;
  return {
    content,
    toolCalls,
    usage: { promptTokens, completionTokens, totalTokens: promptTokens + completionTokens },
    finishReason: reply.finishReason ?? (toolCalls ? "tool_calls" : "stop"),
    provider: request.provider,
    model: request.model,
    reasoningInfo: null,
    attempts: [],
  };
}
