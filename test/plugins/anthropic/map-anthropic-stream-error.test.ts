import Anthropic from "@anthropic-ai/sdk";
import { expect } from "chai";
import { mapAnthropicStreamError } from "../../../plugins/anthropic/map-anthropic-stream-error.js";
import { InvalidRequestError } from "../../../src/index.js";

const CONTEXT = {
  provider: "claude",
  model: "claude-sonnet-4-6",
  secrets: ["sk-ant-stream-map-secret"],
  sdkErrorClass: Anthropic.AnthropicError,
};

/** The error the SDK throws for `event: error` after HTTP 200 (built the way its Stream builds it). */
function errorEvent(type: string, message = "said") {
  // A type from a newer API is not in the SDK's ErrorType union; the SDK passes it through as is.
  const body = { type: "error", error: { type, message } };
  return new Anthropic.APIError(
    undefined,
    body,
    undefined,
    new Headers({ "request-id": "req_s" }),
    type as Anthropic.ErrorType,
  );
}

describe("mapAnthropicStreamError", () => {
  it("maps undici's TypeError on a closed connection to a retryable ConnectionError keeping the cause", () => {
    const terminated = new TypeError("terminated");
    const error = mapAnthropicStreamError(terminated, CONTEXT);
    expect(error.name).to.equal("ConnectionError");
    expect(error.retryable).to.equal(true);
    expect(error.cause).to.equal(terminated);
  });

  it("maps an event whose data is not JSON to a provider_error that neither echoes nor keeps the parser's text", () => {
    const parse = (() => {
      try {
        JSON.parse("{oops BODY-BYTES");
      } catch (error) {
        return error;
      }
    })();
    const error = mapAnthropicStreamError(parse, CONTEXT);
    expect(error.code).to.equal("provider_error");
    expect(error.cause).to.equal(undefined);
    expect(JSON.stringify(error) + error.message).to.not.contain("BODY-BYTES");
  });

  const byType: Array<[string, string]> = [
    ["overloaded_error", "ProviderUnavailableError"],
    ["api_error", "ProviderUnavailableError"],
    ["timeout_error", "ProviderUnavailableError"],
    ["rate_limit_error", "RateLimitError"],
    ["billing_error", "QuotaExhaustedError"],
    ["authentication_error", "AuthenticationError"],
    ["permission_error", "AuthenticationError"],
    ["not_found_error", "ModelNotFoundError"],
    ["invalid_request_error", "InvalidRequestError"],
    ["request_too_large", "InvalidRequestError"],
    ["a_type_from_the_future", "ProviderUnavailableError"],
  ];
  for (const [type, className] of byType) {
    it(`maps an in-stream ${type} event to ${className}, with no HTTP status and the type as providerCode`, () => {
      const error = mapAnthropicStreamError(errorEvent(type), CONTEXT);
      expect(error.name).to.equal(className);
      expect(error.status).to.equal(undefined);
      expect(error.providerCode).to.equal(type);
      expect(error.requestId).to.equal("req_s");
    });
  }

  it("recognises a context-length message in an in-stream invalid_request_error", () => {
    const error = mapAnthropicStreamError(
      errorEvent("invalid_request_error", "prompt is too long: 9 > 8"),
      CONTEXT,
    );
    expect(error.name).to.equal("ContextLengthError");
  });

  it("scrubs a secret the event's message echoes from the message and the cause", () => {
    const error = mapAnthropicStreamError(
      errorEvent("api_error", "key sk-ant-stream-map-secret bad"),
      CONTEXT,
    );
    expect(error.message).to.not.contain("sk-ant-stream-map-secret");
    expect(String((error.cause as Error).message)).to.not.contain("sk-ant-stream-map-secret");
  });

  it("maps anything to the abort once the request's signal has aborted", () => {
    const controller = new AbortController();
    const reason = new Error("stop");
    controller.abort(reason);
    const error = mapAnthropicStreamError(new TypeError("terminated"), {
      ...CONTEXT,
      signal: controller.signal,
    });
    expect(error.name).to.equal("AbortError");
    expect(error.cause).to.equal(reason);
  });

  it("passes a runtime error through unchanged", () => {
    const typed = new InvalidRequestError("no", { provider: "claude", model: "m" });
    expect(mapAnthropicStreamError(typed, CONTEXT)).to.equal(typed);
  });
});
