import { expect } from "chai";
import { EXTENSION_FIELD, type LLMOutput, toAssistantMessage } from "../../src/index.js";

const base: LLMOutput = {
  content: null,
  toolCalls: null,
  usage: { promptTokens: 1, completionTokens: 1, totalTokens: 2 },
  finishReason: "stop",
  provider: "google",
  model: "gemini-3-pro-preview",
  reasoningInfo: null,
  attempts: [],
};

describe("toAssistantMessage", () => {
  it("turns tool calls into OpenAI-format tool_calls and keeps provider data in the extension field", () => {
    const extension = {
      providerType: "google",
      model: "gemini-3-pro-preview",
      data: { signatures: ["sig"] },
    };
    const message = toAssistantMessage({
      ...base,
      toolCalls: [{ id: "call_1", type: "function", function: { name: "f", arguments: "{}" } }],
      finishReason: "tool_calls",
      extension,
    });
    expect(message).to.deep.equal({
      role: "assistant",
      content: null,
      tool_calls: [{ id: "call_1", type: "function", function: { name: "f", arguments: "{}" } }],
      [EXTENSION_FIELD]: extension,
    });
  });

  it("gives a plain text turn with no extra fields", () => {
    expect(toAssistantMessage({ ...base, content: "hi" })).to.deep.equal({
      role: "assistant",
      content: "hi",
    });
  });
});
