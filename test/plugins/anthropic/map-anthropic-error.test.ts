import { inspect } from "node:util";
import Anthropic from "@anthropic-ai/sdk";
import { expect } from "chai";
import { mapAnthropicError } from "../../../plugins/anthropic/map-anthropic-error.js";
import { InvalidRequestError, type LLMProviderError } from "../../../src/index.js";

const WHERE = { provider: "claude", model: "claude-sonnet-4-6" };
const KEY = "sk-ant-canary-0123456789abcdef";

/** A real SDK error, built the way the SDK builds one from a response. */
function apiError(status: number, type: string, message: string, headers: Record<string, string> = {}) {
  const body = { type: "error", error: { type, message }, request_id: "req_body" };
  return Anthropic.APIError.generate(
    status,
    body,
    undefined,
    new Headers({ "request-id": "req_011", ...headers }),
  );
}

function map(error: unknown, extra: Partial<Parameters<typeof mapAnthropicError>[1]> = {}): LLMProviderError {
  return mapAnthropicError(error, {
    ...WHERE,
    secrets: [KEY],
    nowMs: Date.parse("2026-11-25T12:00:00Z"),
    ...extra,
  });
}

describe("mapAnthropicError", () => {
  const statusCases: Array<[number, string, string, string]> = [
    [
      429,
      "rate_limit_error",
      "Number of request tokens has exceeded your per-minute rate limit",
      "RateLimitError",
    ],
    [402, "billing_error", "Your credit balance is too low", "QuotaExhaustedError"],
    [401, "authentication_error", "invalid x-api-key", "AuthenticationError"],
    [403, "permission_error", "Your API key does not have permission", "AuthenticationError"],
    [404, "not_found_error", "model: claude-nope", "ModelNotFoundError"],
    [
      400,
      "invalid_request_error",
      "prompt is too long: 208310 tokens > 200000 maximum",
      "ContextLengthError",
    ],
    [400, "invalid_request_error", "messages.1: empty text block", "InvalidRequestError"],
    [413, "request_too_large", "Request exceeds the maximum allowed number of bytes.", "InvalidRequestError"],
    [422, "invalid_request_error", "unprocessable", "InvalidRequestError"],
    [408, "timeout_error", "Request timed out", "TimeoutError"],
    [500, "api_error", "Internal server error", "ProviderUnavailableError"],
    [503, "api_error", "Service unavailable", "ProviderUnavailableError"],
    [529, "overloaded_error", "Overloaded", "ProviderUnavailableError"],
    [418, "teapot", "I am a teapot", "InvalidRequestError"],
    [599, "unknown", "odd", "ProviderUnavailableError"],
  ];
  for (const [status, type, message, className] of statusCases) {
    it(`maps ${status} ${type} to ${className}, keeping status, type, request id and cause`, () => {
      const original = apiError(status, type, message);
      const error = map(original);
      expect(error.name).to.equal(className);
      expect(error.status).to.equal(status);
      expect(error.providerCode).to.equal(type);
      expect(error.requestId).to.equal("req_011");
      expect(error.cause).to.equal(original);
      expect(error.message).to.include(message);
    });
  }

  it("marks 5xx retryable and 4xx not, unless x-should-retry says otherwise", () => {
    expect(map(apiError(529, "overloaded_error", "Overloaded")).retryable).to.equal(true);
    expect(map(apiError(400, "invalid_request_error", "bad")).retryable).to.equal(false);
    expect(map(apiError(500, "api_error", "x", { "x-should-retry": "false" })).retryable).to.equal(false);
    expect(map(apiError(409, "conflict_error", "x", { "x-should-retry": "true" })).retryable).to.equal(true);
  });

  it("reads retry-after in seconds, as an HTTP date, and prefers retry-after-ms", () => {
    expect(map(apiError(429, "rate_limit_error", "slow", { "retry-after": "2" })).retryAfterMs).to.equal(
      2000,
    );
    const dated = map(
      apiError(429, "rate_limit_error", "slow", { "retry-after": "Wed, 25 Nov 2026 12:00:30 GMT" }),
    );
    expect(dated.retryAfterMs).to.equal(30_000);
    const both = map(
      apiError(429, "rate_limit_error", "slow", { "retry-after": "30", "retry-after-ms": "0" }),
    );
    expect(both.retryAfterMs).to.equal(0);
  });

  it("maps the SDK's timeout, connection and abort errors to TimeoutError, ConnectionError and AbortError", () => {
    expect(map(new Anthropic.APIConnectionTimeoutError()).name).to.equal("TimeoutError");
    expect(map(new Anthropic.APIConnectionError({ message: "fetch failed" })).name).to.equal(
      "ConnectionError",
    );
    expect(map(new Anthropic.APIUserAbortError()).name).to.equal("AbortError");
  });

  it("maps any failure after the signal aborted to AbortError with the signal's reason as cause", () => {
    const controller = new AbortController();
    const reason = new Error("user pressed stop");
    controller.abort(reason);
    const error = map(new Anthropic.APIConnectionError({ message: "socket closed" }), {
      signal: controller.signal,
    });
    expect(error.name).to.equal("AbortError");
    expect(error.cause).to.equal(reason);
  });

  it("maps an abort at the deadline (a TimeoutError reason) to TimeoutError of phase total", () => {
    const signal = AbortSignal.abort(new DOMException("deadline", "TimeoutError"));
    const error = map(new Anthropic.APIUserAbortError(), { signal });
    expect(error.name).to.equal("TimeoutError");
    expect((error as LLMProviderError & { phase: string }).phase).to.equal("total");
  });

  it("maps the SDK's 'streaming is required' refusal to InvalidRequestError saying how to fix it", () => {
    const error = map(
      new Anthropic.AnthropicError(
        "Streaming is required for operations that may take longer than 10 minutes.",
      ),
    );
    expect(error.name).to.equal("InvalidRequestError");
    expect(error.message).to.include("max_tokens");
  });

  it("says a body was not JSON without quoting it", () => {
    let parseError: unknown;
    try {
      JSON.parse('{"content": [private words');
    } catch (error) {
      parseError = error;
    }
    const error = map(parseError);
    expect(error.code).to.equal("provider_error");
    expect(error.message).to.include("not valid JSON").and.not.include("private words");
  });

  it("passes the runtime's own errors through unchanged", () => {
    const own = new InvalidRequestError("bad arguments", { ...WHERE });
    expect(map(own)).to.equal(own);
  });

  it("maps anything else to a provider_error without throwing", () => {
    expect(map(new TypeError("boom")).code).to.equal("provider_error");
    expect(map("a string").code).to.equal("provider_error");
    expect(map(undefined).code).to.equal("provider_error");
  });

  it("scrubs a key the provider echoed from the message and the kept cause", () => {
    const error = map(apiError(401, "authentication_error", `invalid x-api-key: ${KEY}`));
    expect(error.message).to.not.include(KEY);
    expect(inspect(error, { depth: 8 })).to.not.include(KEY);
    expect(JSON.stringify(error)).to.not.include(KEY);
    expect((error.cause as { status?: number }).status).to.equal(401);
  });
});
