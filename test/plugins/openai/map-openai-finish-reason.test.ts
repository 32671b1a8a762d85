import { expect } from "chai";
import { mapOpenAIFinishReason } from "../../../plugins/openai/map-openai-finish-reason.js";

describe("mapOpenAIFinishReason", () => {
  const table: Array<[unknown, string]> = [
    ["stop", "stop"],
    ["length", "length"],
    ["tool_calls", "tool_calls"],
    ["function_call", "tool_calls"],
    ["content_filter", "content_filter"],
    ["a_reason_from_the_future", "other"],
    [null, "other"],
    [undefined, "other"],
    [42, "other"],
  ];
  for (const [raw, expected] of table) {
    it(`maps ${JSON.stringify(raw)} to ${expected}`, () => {
      expect(mapOpenAIFinishReason(raw)).to.equal(expected);
    });
  }
});
