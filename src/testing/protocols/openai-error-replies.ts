/**
 * Error replies as OpenAI sends them (status, body wording, type, code, headers), for the cases the
 * runtime's error taxonomy distinguishes.
 */
import type { FakeReply } from "../fake-server-types.js";
import { openAIErrorReply } from "./openai-protocol.js";

/** OpenAI shows an invalid key with all but its first and last four characters starred. */
function maskKey(apiKey: string): string {
  if (apiKey.length <= 8) return "*".repeat(apiKey.length);
  return `${apiKey.slice(0, 3)}${"*".repeat(apiKey.length - 7)}${apiKey.slice(-4)}`;
}

export const OPENAI_ERRORS = {
  /** 429 per-minute limit; OpenAI states the wait in the text and, often, in `retry-after`. */
  rateLimit: (options: { retryAfter?: string; retryAfterMs?: string } = {}): FakeReply =>
    openAIErrorReply({
      status: 429,
      message:
        "Rate limit reached for gpt-4o in organization org-fake on tokens per min (TPM): Limit 30000, Used 29500, Requested 1200. Please try again in 1.4s. Visit https://platform.openai.com/account/rate-limits to learn more.",
      type: "tokens",
      code: "rate_limit_exceeded",
      requestId: "req_rate_limit",
      ...options,
    }),
  /** 429 billing exhausted: waiting does not help. */
  insufficientQuota: (): FakeReply =>
    openAIErrorReply({
      status: 429,
      message:
        "You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.",
      type: "insufficient_quota",
      code: "insufficient_quota",
      requestId: "req_quota",
    }),
  /** 401 with the key echoed, masked, as OpenAI does. */
  invalidApiKey: (apiKey: string): FakeReply =>
    openAIErrorReply({
      status: 401,
      message: `Incorrect API key provided: ${maskKey(apiKey)}. You can find your API key at https://platform.openai.com/account/api-keys.`,
      code: "invalid_api_key",
      requestId: "req_auth",
    }),
  permissionDenied: (): FakeReply =>
    openAIErrorReply({
      status: 403,
      message: "You are not allowed to sample from this model",
      type: "invalid_request_error",
      requestId: "req_forbidden",
    }),
  modelNotFound: (model = "gpt-nonexistent"): FakeReply =>
    openAIErrorReply({
      status: 404,
      message: `The model \`${model}\` does not exist or you do not have access to it.`,
      code: "model_not_found",
      requestId: "req_model",
    }),
  contextLengthExceeded: (): FakeReply =>
    openAIErrorReply({
      status: 400,
      message:
        "This model's maximum context length is 128000 tokens. However, your messages resulted in 131072 tokens. Please reduce the length of the messages.",
      param: "messages",
      code: "context_length_exceeded",
      requestId: "req_context",
    }),
  invalidRequest: (): FakeReply =>
    openAIErrorReply({
      status: 400,
      message: "Invalid type for 'temperature': expected a decimal, but got a string instead.",
      param: "temperature",
      code: "invalid_type",
      requestId: "req_invalid",
    }),
  serverError: (status = 500): FakeReply =>
    openAIErrorReply({
      status,
      message: "The server had an error while processing your request. Sorry about that!",
      type: "server_error",
      requestId: "req_server",
    }),
  overloaded: (): FakeReply =>
    openAIErrorReply({
      status: 503,
      message: "The engine is currently overloaded, please try again later.",
      type: "server_error",
      requestId: "req_overloaded",
    }),
} as const;
