import { expect } from "chai";
import { mapGoogleError } from "../../../plugins/google/map-google-error.js";
import {
  AbortError,
  AuthenticationError,
  ConnectionError,
  ContextLengthError,
  InvalidRequestError,
  isLLMError,
  ModelNotFoundError,
  ProviderUnavailableError,
  QuotaExhaustedError,
  RateLimitError,
  TimeoutError,
} from "../../../src/index.js";

const CANARY = "AIzaCANARYcanary0123456789abcdefghijklm";
const context = { provider: "gemini", model: "gemini-2.5-flash", secrets: [CANARY] };

/** What @google/genai 2.32 throws for an HTTP error: name ApiError, the status, the body as JSON text. */
function apiError(status: number, error: Record<string, unknown>): Error {
  const thrown = new Error(JSON.stringify({ error }));
  thrown.name = "ApiError";
  return Object.assign(thrown, { status });
}

const rateLimited = (violations: Record<string, unknown>[], retryDelay?: string) =>
  apiError(429, {
    code: 429,
    message: "You exceeded your current quota, please check your plan and billing details.",
    status: "RESOURCE_EXHAUSTED",
    details: [
      { "@type": "type.googleapis.com/google.rpc.QuotaFailure", violations },
      ...(retryDelay ? [{ "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay }] : []),
    ],
  });

describe("mapGoogleError", () => {
  it("reads an error event Gemini sent inside a stream, which the SDK prefixes with 'got status: ...'", () => {
    const body = {
      error: {
        code: 429,
        message: "Resource has been exhausted (e.g. check quota).",
        status: "RESOURCE_EXHAUSTED",
        details: [{ "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: "3s" }],
      },
    };
    const thrown = Object.assign(new Error(`got status: RESOURCE_EXHAUSTED. ${JSON.stringify(body)}`), {
      name: "ApiError",
      status: 429,
    });
    const error = mapGoogleError(thrown, context);
    expect(error).to.be.instanceOf(RateLimitError);
    expect(error).to.include({ retryAfterMs: 3000, providerCode: "RESOURCE_EXHAUSTED" });
    expect(error.message).to.contain("Gemini RESOURCE_EXHAUSTED: Resource has been exhausted");
  });

  it("maps a per-minute 429 to RateLimitError with retryAfterMs from RetryInfo.retryDelay", () => {
    const error = mapGoogleError(
      rateLimited(
        [
          {
            quotaMetric: "generativelanguage.googleapis.com/generate_content_free_tier_requests",
            quotaId: "GenerateRequestsPerMinutePerProjectPerModel-FreeTier",
            quotaValue: "10",
          },
        ],
        "37.5s",
      ),
      context,
    );
    expect(error).to.be.instanceOf(RateLimitError);
    expect(error).to.include({
      status: 429,
      retryAfterMs: 37500,
      providerCode: "RESOURCE_EXHAUSTED",
      retryable: true,
    });
  });

  it("maps a spent per-day quota to QuotaExhaustedError, which is not retried", () => {
    const error = mapGoogleError(
      rateLimited(
        [{ quotaId: "GenerateRequestsPerDayPerProjectPerModel-FreeTier", quotaValue: "250" }],
        "20s",
      ),
      context,
    );
    expect(error).to.be.instanceOf(QuotaExhaustedError);
    expect(error).to.include({ retryable: false });
  });

  it("maps a free-tier quota whose limit is 0 to QuotaExhaustedError", () => {
    const error = mapGoogleError(
      rateLimited([{ quotaId: "GenerateContentInputTokensPerModelPerMinute-FreeTier", quotaValue: "0" }]),
      context,
    );
    expect(error).to.be.instanceOf(QuotaExhaustedError);
  });

  it("maps 400 'API key not valid' to AuthenticationError", () => {
    const error = mapGoogleError(
      apiError(400, {
        code: 400,
        message: "API key not valid. Please pass a valid API key.",
        status: "INVALID_ARGUMENT",
        details: [
          {
            "@type": "type.googleapis.com/google.rpc.ErrorInfo",
            reason: "API_KEY_INVALID",
            domain: "googleapis.com",
          },
        ],
      }),
      context,
    );
    expect(error).to.be.instanceOf(AuthenticationError);
    expect(error).to.include({ status: 400, retryable: false });
  });

  it("maps 403 PERMISSION_DENIED to AuthenticationError", () => {
    expect(
      mapGoogleError(apiError(403, { code: 403, message: "denied", status: "PERMISSION_DENIED" }), context),
    ).to.be.instanceOf(AuthenticationError);
  });

  it("maps a too-long input to ContextLengthError", () => {
    const error = mapGoogleError(
      apiError(400, {
        code: 400,
        message: "The input token count (1200000) exceeds the maximum number of tokens allowed (1048576).",
        status: "INVALID_ARGUMENT",
      }),
      context,
    );
    expect(error).to.be.instanceOf(ContextLengthError);
  });

  it("maps other 400s to InvalidRequestError with Google's message", () => {
    const error = mapGoogleError(
      apiError(400, {
        code: 400,
        message: "Request contains an invalid argument.",
        status: "INVALID_ARGUMENT",
      }),
      context,
    );
    expect(error).to.be.instanceOf(InvalidRequestError);
    expect(error.message).to.contain("Request contains an invalid argument.");
  });

  it("maps 404 to ModelNotFoundError", () => {
    const error = mapGoogleError(
      apiError(404, {
        code: 404,
        message: "models/gemini-9 is not found for API version v1beta",
        status: "NOT_FOUND",
      }),
      context,
    );
    expect(error).to.be.instanceOf(ModelNotFoundError);
  });

  for (const status of [500, 502, 503, 504]) {
    it(`maps ${status} to a retryable ProviderUnavailableError`, () => {
      const error = mapGoogleError(
        apiError(status, { code: status, message: "overloaded", status: "UNAVAILABLE" }),
        context,
      );
      expect(error).to.be.instanceOf(ProviderUnavailableError);
      expect(error).to.include({ retryable: true, status });
    });
  }

  it("reads an error body Gemini wrapped in an array", () => {
    const thrown = Object.assign(
      new Error(JSON.stringify([{ error: { code: 404, message: "gone", status: "NOT_FOUND" } }])),
      {
        name: "ApiError",
        status: 404,
      },
    );
    expect(mapGoogleError(thrown, context).message).to.contain("NOT_FOUND: gone");
  });

  it("maps an abort to AbortError when the request's signal was aborted, and to TimeoutError otherwise", () => {
    const abort = new DOMException("This operation was aborted", "AbortError");
    const controller = new AbortController();
    controller.abort();
    expect(mapGoogleError(abort, { ...context, signal: controller.signal })).to.be.instanceOf(AbortError);
    const timeout = mapGoogleError(abort, {
      ...context,
      signal: new AbortController().signal,
      timeoutMs: 300,
    });
    expect(timeout).to.be.instanceOf(TimeoutError);
    expect(timeout).to.include({ phase: "attempt" });
    expect(timeout.message).to.contain("300 ms");
  });

  it("maps an abort at the request's deadline to a TimeoutError for the whole request", () => {
    const controller = new AbortController();
    controller.abort(new DOMException("deadline", "TimeoutError"));
    const error = mapGoogleError(new DOMException("aborted", "AbortError"), {
      ...context,
      signal: controller.signal,
    });
    expect(error).to.be.instanceOf(TimeoutError);
    expect(error).to.include({ phase: "total" });
  });

  it("maps 'TypeError: fetch failed' to ConnectionError", () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:9"), { code: "ECONNREFUSED" });
    const error = mapGoogleError(new TypeError("fetch failed", { cause: refused }), context);
    expect(error).to.be.instanceOf(ConnectionError);
    expect(error.message).to.contain("ECONNREFUSED");
  });

  it("returns errors the runtime already typed unchanged", () => {
    const typed = new InvalidRequestError("history: bad", { provider: "gemini", model: "m" });
    expect(mapGoogleError(typed, context)).to.equal(typed);
  });

  it("keeps the API key out of the message and the cause, in URLs and by value", () => {
    const leaky = new Error(
      `request to https://host/v1beta/models/x:generateContent?key=${CANARY} failed, key ${CANARY}`,
    );
    const error = mapGoogleError(leaky, context);
    expect(isLLMError(error)).to.equal(true);
    expect(error.message).to.not.contain(CANARY);
    expect(String((error.cause as Error).message)).to.not.contain(CANARY);
    expect(String((error.cause as Error).stack)).to.not.contain(CANARY);
    expect(JSON.stringify(error)).to.not.contain(CANARY);
  });
});
