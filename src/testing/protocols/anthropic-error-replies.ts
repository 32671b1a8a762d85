/**
 * Error replies as Anthropic sends them (status, `error.type`, wording, headers), for the cases the
 * runtime's error taxonomy distinguishes.
 */
import type { FakeReply } from "../fake-server-types.js";
import { anthropicErrorReply } from "./anthropic-protocol.js";

export const ANTHROPIC_ERRORS = {
  /** 429 with the wait in `retry-after` (seconds) and the limit headers Anthropic adds. */
  rateLimit: (options: { retryAfter?: string } = {}): FakeReply =>
    anthropicErrorReply({
      status: 429,
      type: "rate_limit_error",
      message:
        "This request would exceed the rate limit for your organization of 50 requests per minute. For details, refer to: https://docs.claude.com/en/api/rate-limits.",
      requestId: "req_rate_limit",
      retryAfter: options.retryAfter ?? "7",
      headers: { "anthropic-ratelimit-requests-limit": "50", "anthropic-ratelimit-requests-remaining": "0" },
    }),
  /** 402 billing: the credit balance is spent; waiting does not help. */
  creditExhausted: (): FakeReply =>
    anthropicErrorReply({
      status: 402,
      type: "billing_error",
      message:
        "Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits.",
      requestId: "req_billing",
    }),
  /** 401; Anthropic names the header, it does not echo the key. */
  invalidApiKey: (): FakeReply =>
    anthropicErrorReply({
      status: 401,
      type: "authentication_error",
      message: "invalid x-api-key",
      requestId: "req_auth",
    }),
  permissionDenied: (): FakeReply =>
    anthropicErrorReply({
      status: 403,
      type: "permission_error",
      message: "Your API key does not have permission to use the specified resource.",
      requestId: "req_forbidden",
    }),
  modelNotFound: (model = "claude-nonexistent"): FakeReply =>
    anthropicErrorReply({
      status: 404,
      type: "not_found_error",
      message: `model: ${model}`,
      requestId: "req_model",
    }),
  /** 400 whose only mark of an over-long input is the wording. */
  promptTooLong: (): FakeReply =>
    anthropicErrorReply({
      status: 400,
      type: "invalid_request_error",
      message: "prompt is too long: 208310 tokens > 200000 maximum",
      requestId: "req_context",
    }),
  invalidRequest: (): FakeReply =>
    anthropicErrorReply({
      status: 400,
      type: "invalid_request_error",
      message: "messages.0.content.0.text: Field required",
      requestId: "req_invalid",
    }),
  /** 413, answered by Anthropic's edge before the API for bodies over 32 MB. */
  requestTooLarge: (): FakeReply =>
    anthropicErrorReply({
      status: 413,
      type: "request_too_large",
      message: "Request exceeds the maximum allowed number of bytes.",
      requestId: "req_too_large",
    }),
  /** 529: Anthropic's API is overloaded; the SDKs retry it. */
  overloaded: (): FakeReply =>
    anthropicErrorReply({
      status: 529,
      type: "overloaded_error",
      message: "Overloaded",
      requestId: "req_overloaded",
    }),
  apiError: (status = 500): FakeReply =>
    anthropicErrorReply({
      status,
      type: "api_error",
      message: "Internal server error",
      requestId: "req_server",
    }),
} as const;
