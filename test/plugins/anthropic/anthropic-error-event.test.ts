import * as sdkModule from "@anthropic-ai/sdk";
import { Stream } from "@anthropic-ai/sdk/streaming";
import { expect } from "chai";
import { anthropicErrorEvent } from "../../../plugins/anthropic/anthropic-error-event.js";
import { mapAnthropicError } from "../../../plugins/anthropic/map-anthropic-error.js";

const HEADERS = { "request-id": "req_in_stream", "x-should-retry": "true" };

/** What @anthropic-ai/sdk's own stream reader throws for an `event: error` carrying `data`. */
async function sdkErrorFor(data: string): Promise<unknown> {
  const response = new Response(`event: error\ndata: ${data}\n\n`, { headers: HEADERS });
  try {
    for await (const _event of Stream.fromSSEResponse(response, new AbortController())) {
      // nothing: the first event is the error
    }
  } catch (error) {
    return error;
  }
  throw new Error("the SDK's reader threw nothing");
}

/** The fields of an SDK error that mapAnthropicError reads, and what a caller can see. */
function fieldsOf(error: unknown) {
  const sdk = error as sdkModule.APIError;
  return {
    class: sdk.constructor,
    name: sdk.name,
    message: sdk.message,
    status: sdk.status,
    type: sdk.type,
    apiMessage: sdk.apiMessage,
    error: sdk.error,
    requestID: sdk.requestID,
    shouldRetry: sdk.headers?.get("x-should-retry"),
  };
}

const overloaded = JSON.stringify({
  type: "error",
  error: { type: "overloaded_error", message: "Overloaded" },
});

describe("anthropicErrorEvent", () => {
  for (const [what, data] of [
    ["an overloaded_error", overloaded],
    ["an error of an unknown type", '{"type":"error","error":{"type":"from_the_future","message":"?"}}'],
    ["a body without error", '{"type":"error"}'],
    ["a type that is not a string", '{"error":{"type":5}}'],
    ["JSON null", "null"],
    ["a number", "42"],
    ["text that is not JSON", "upstream proxy failure"],
  ]) {
    it(`builds the SDK reader's own APIError for ${what}, mapped the same`, async () => {
      const ours = anthropicErrorEvent(sdkModule, data, new Headers(HEADERS));
      const theirs = await sdkErrorFor(data);
      expect(fieldsOf(ours)).to.deep.equal(fieldsOf(theirs));
      const context = { provider: "claude", model: "claude-sonnet-4-6", nowMs: 0 };
      const mapped = mapAnthropicError(ours, context);
      const expected = mapAnthropicError(theirs, context);
      expect({ ...mapped, name: mapped.name, message: mapped.message, cause: undefined }).to.deep.equal({
        ...expected,
        name: expected.name,
        message: expected.message,
        cause: undefined,
      });
    });
  }
});
