import { expect } from "chai";
import { findUnusableOpenAIToolCall } from "../../../plugins/openai/check-openai-tool-calls.js";

const TARGET = { provider: "openai", model: "gpt-4o" };
const withCalls = (toolCalls: unknown) => ({
  choices: [{ index: 0, message: { role: "assistant", content: null, tool_calls: toolCalls as never } }],
});
const call = (fields: Record<string, unknown> = {}) => ({
  id: "call_1",
  type: "function",
  function: { name: "get_weather", arguments: "{}" },
  ...fields,
});

describe("findUnusableOpenAIToolCall", () => {
  it("accepts calls with names, calls without an id, other kinds of call, and no calls at all", () => {
    for (const toolCalls of [
      [call(), call({ id: undefined })],
      [{ id: "c", type: "custom", custom: { input: "x" } }],
      null,
      undefined,
      [],
    ]) {
      expect(findUnusableOpenAIToolCall(withCalls(toolCalls), TARGET), JSON.stringify(toolCalls)).to.equal(
        undefined,
      );
    }
    expect(findUnusableOpenAIToolCall({ choices: [] }, TARGET)).to.equal(undefined);
  });

  for (const [fault, toolCalls, said] of [
    ["tool_calls that is an object", { id: "call_1" }, "not a list"],
    ["tool_calls that is a string", "get_weather", "not a list"],
    ["an entry that is not an object", [call(), 7], "tool call 1 that is not an object"],
    ["a call without a name", [call({ function: { arguments: "{}" } })], "without a function name"],
    [
      "a call whose name is empty",
      [call({ function: { name: "", arguments: "{}" } })],
      "without a function name",
    ],
    ["a call whose name is a number", [call({ function: { name: 42 } })], "without a function name"],
    ["a call without type or name", [{ id: "call_1", function: {} }], "without a function name"],
  ] as const) {
    it(`refuses ${fault} as a malformed_tool_call provider_error`, () => {
      const error = findUnusableOpenAIToolCall(withCalls(toolCalls), TARGET);
      expect(error).to.include({
        code: "provider_error",
        providerCode: "malformed_tool_call",
        retryable: false,
      });
      expect(error?.message).to.include(said);
    });
  }
});
