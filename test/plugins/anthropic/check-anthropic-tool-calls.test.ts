import { expect } from "chai";
import type { AnthropicResponseBlock } from "../../../plugins/anthropic/anthropic-api-types.js";
import {
  findUnusableToolUse,
  unusableToolUseError,
} from "../../../plugins/anthropic/check-anthropic-tool-calls.js";

const TARGET = { provider: "claude", model: "claude-sonnet-4-6" };
const call = (fields: Partial<AnthropicResponseBlock> = {}): AnthropicResponseBlock => ({
  type: "tool_use",
  id: "toolu_1",
  name: "get_weather",
  input: { city: "Lisbon" },
  ...fields,
});

describe("findUnusableToolUse", () => {
  it("accepts a reply whose calls all have an id and a name", () => {
    const response = { content: [call(), call({ id: "toolu_2" })], stop_reason: "tool_use" };
    expect(findUnusableToolUse(response, TARGET)).to.equal(undefined);
  });

  it("refuses every call of a reply stopped by max_tokens as tool_call_truncated, even with input that parses", () => {
    const response = { content: [{ type: "text", text: "Checking." }, call()], stop_reason: "max_tokens" };
    const error = findUnusableToolUse(response, TARGET);
    expect(error).to.include({
      code: "provider_error",
      providerCode: "tool_call_truncated",
      retryable: false,
    });
    expect(error?.message).to.include("toolu_1").and.include("max_tokens");
  });

  it("lets a reply stopped by max_tokens without calls through", () => {
    const response = { content: [{ type: "text", text: "cut" }], stop_reason: "max_tokens" };
    expect(findUnusableToolUse(response, TARGET)).to.equal(undefined);
  });

  for (const [fault, fields] of [
    ["no id", { id: undefined }],
    ["an empty id", { id: "" }],
    ["a numeric id", { id: 7 as unknown as string }],
  ] as const) {
    it(`refuses a call with ${fault} as malformed_tool_call: its result could not be paired`, () => {
      const error = findUnusableToolUse({ content: [call(fields)], stop_reason: "tool_use" }, TARGET);
      expect(error).to.include({ code: "provider_error", providerCode: "malformed_tool_call" });
      expect(error?.message).to.include("has no id");
    });
  }

  for (const [fault, fields] of [
    ["no name", { name: undefined }],
    ["a name that is an object", { name: { x: 1 } as unknown as string }],
  ] as const) {
    it(`refuses a call with ${fault} as malformed_tool_call: there is nothing to run`, () => {
      const error = findUnusableToolUse({ content: [call(fields)], stop_reason: "tool_use" }, TARGET);
      expect(error).to.include({ providerCode: "malformed_tool_call" });
      expect(error?.message).to.include("has no name");
    });
  }

  it("ignores calls answered inside the turn and content that is not an array", () => {
    const answered = call({ id: undefined, caller: { type: "code_execution", tool_id: "srv_1" } });
    const result = { type: "code_execution_tool_result", tool_use_id: "srv_1", content: {} };
    expect(findUnusableToolUse({ content: [answered, result] }, TARGET)).to.equal(undefined);
    expect(findUnusableToolUse({ content: "oops" as unknown as [] }, TARGET)).to.equal(undefined);
  });
});

describe("unusableToolUseError", () => {
  it("names the call but never quotes its arguments", () => {
    const error = unusableToolUseError(call({ input: { secret: "ARG-7f3a" } }), "malformed", TARGET);
    expect(error.providerCode).to.equal("malformed_tool_arguments");
    expect(error.message).to.include("get_weather").and.not.include("ARG-7f3a");
  });

  it("marks a call cut by the connection retryable, keeping the cause", () => {
    const cause = new Error("terminated");
    const error = unusableToolUseError(call(), "cut", TARGET, cause);
    expect(error).to.include({ providerCode: "tool_call_truncated", retryable: true, cause });
  });
});
