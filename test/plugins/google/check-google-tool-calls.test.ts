import { expect } from "chai";
import { findUnusableGoogleToolCall } from "../../../plugins/google/check-google-tool-calls.js";
import type { GoogleResponsePart } from "../../../plugins/google/google-api-types.js";

const TARGET = { provider: "gemini", model: "gemini-2.5-flash" };

describe("findUnusableGoogleToolCall", () => {
  it("accepts named calls, with or without an id, and parts without a call", () => {
    const parts: GoogleResponsePart[] = [
      { text: "Checking." },
      { functionCall: { name: "get_weather", args: { city: "Lisbon" } } },
      { functionCall: { name: "get_weather", args: {}, id: "g1" } },
      { functionCall: null as never },
    ];
    expect(findUnusableGoogleToolCall(parts, TARGET)).to.equal(undefined);
  });

  for (const [fault, functionCall] of [
    ["no name", { args: { city: "Lisbon" } }],
    ["an empty name", { name: "", args: {} }],
    ["a name that is a number", { name: 7, args: {} }],
    ["a call that is a string", "get_weather"],
  ] as const) {
    it(`refuses a call with ${fault} as a malformed_tool_call provider_error naming its part`, () => {
      const parts = [{ text: "x" }, { functionCall: functionCall as never }];
      const error = findUnusableGoogleToolCall(parts, TARGET);
      expect(error).to.include({
        code: "provider_error",
        providerCode: "malformed_tool_call",
        retryable: false,
      });
      expect(error?.message).to.include("part 1");
    });
  }
});
