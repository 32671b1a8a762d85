import { expect } from "chai";
import {
  convertToOpenAIRequest,
  isOpenAIReasoningModel,
} from "../../../plugins/openai/convert-to-openai-request.js";
import type { ChatMessage, LLMRequest } from "../../../src/contract/index.js";

function request(overrides: Partial<LLMRequest> = {}): LLMRequest {
  return {
    provider: "openai",
    model: "gpt-4o",
    messages: [{ role: "user", content: "hi" }],
    params: {},
    ...overrides,
  };
}

const tool = { type: "function" as const, function: { name: "get_weather", parameters: { type: "object" } } };

describe("convertToOpenAIRequest", () => {
  it("passes messages through and drops the runtime's extension field from assistant turns", () => {
    const messages: ChatMessage[] = [
      { role: "system", content: "Be brief." },
      { role: "user", content: [{ type: "text", text: "hi" }] },
      {
        role: "assistant",
        content: "hello",
        llm_runtime: { providerType: "google", model: "gemini-2.5-pro", data: { signature: "abc" } },
      },
    ];
    const { body } = convertToOpenAIRequest(request({ messages }));
    expect(body.messages).to.deep.equal([
      { role: "system", content: "Be brief." },
      { role: "user", content: [{ type: "text", text: "hi" }] },
      { role: "assistant", content: "hello" },
    ]);
  });

  it("does not change the caller's messages", () => {
    const assistant: ChatMessage = {
      role: "assistant",
      content: null,
      tool_calls: [{ id: "x".repeat(50), type: "function", function: { name: "f", arguments: "{}" } }],
      llm_runtime: { providerType: "google", model: "g", data: {} },
    };
    const before = JSON.stringify(assistant);
    convertToOpenAIRequest(request({ messages: [assistant] }));
    expect(JSON.stringify(assistant)).to.equal(before);
  });

  it("shortens ids over 40 characters identically on the call and its result", () => {
    const longId = `toolu_${"a".repeat(50)}`;
    const messages: ChatMessage[] = [
      { role: "user", content: "weather?" },
      {
        role: "assistant",
        content: null,
        tool_calls: [{ id: longId, type: "function", function: { name: "f", arguments: "{}" } }],
      },
      { role: "tool", tool_call_id: longId, content: "21" },
    ];
    const wire = convertToOpenAIRequest(request({ messages })).body.messages as Array<
      Record<string, unknown>
    >;
    const callId = (wire[1].tool_calls as Array<{ id: string }>)[0].id;
    expect(callId).to.have.length(40);
    expect(wire[2].tool_call_id).to.equal(callId);
  });

  it("sends tools and the tool choice as given", () => {
    const choice = { type: "function" as const, function: { name: "get_weather" } };
    const { body } = convertToOpenAIRequest(request({ tools: [tool], toolChoice: choice }));
    expect(body.tools).to.deep.equal([tool]);
    expect(body.tool_choice).to.deep.equal(choice);
  });

  it("leaves out tool_choice and parallel_tool_calls when there are no tools (OpenAI answers 400)", () => {
    const { body } = convertToOpenAIRequest(
      request({ toolChoice: "auto", params: { parallel_tool_calls: false } }),
    );
    expect(body).not.to.have.any.keys("tools", "tool_choice", "parallel_tool_calls");
  });

  it("passes client params through: temperature, max_tokens, response_format, seed, parallel_tool_calls", () => {
    const params = {
      temperature: 0.2,
      max_tokens: 300,
      response_format: { type: "json_object" },
      seed: 7,
      parallel_tool_calls: false,
    };
    const { body, droppedParams } = convertToOpenAIRequest(request({ tools: [tool], params }));
    expect(body).to.deep.include(params);
    expect(droppedParams).to.deep.equal([]);
  });

  it("never lets a param override the model, messages or stream", () => {
    const { body } = convertToOpenAIRequest(
      request({ params: { model: "other", messages: [], stream: true } }),
    );
    expect(body.model).to.equal("gpt-4o");
    expect(body.messages).to.have.length(1);
    expect(body).not.to.have.key("stream");
  });

  it("leaves out other providers' params and reports them", () => {
    const { body, droppedParams } = convertToOpenAIRequest(
      request({ params: { temperature: 1, thinking: { type: "enabled" }, top_k: 3 } }),
    );
    expect(body).not.to.have.any.keys("thinking", "top_k");
    expect(droppedParams).to.deep.equal(["thinking", "top_k"]);
  });

  it("sends max_completion_tokens instead of max_tokens to a reasoning model, with reasoning_effort", () => {
    const { body } = convertToOpenAIRequest(
      request({ model: "o3-mini", params: { max_tokens: 500, reasoning_effort: "low" } }),
    );
    expect(body).to.deep.include({ max_completion_tokens: 500, reasoning_effort: "low" });
    expect(body).not.to.have.key("max_tokens");
  });

  it("keeps an explicit max_completion_tokens over a renamed max_tokens", () => {
    const { body } = convertToOpenAIRequest(
      request({ model: "gpt-5", params: { max_tokens: 500, max_completion_tokens: 900 } }),
    );
    expect(body.max_completion_tokens).to.equal(900);
  });

  it("leaves out sampling params a reasoning model rejects", () => {
    const { body, droppedParams } = convertToOpenAIRequest(
      request({ model: "o4-mini", params: { temperature: 0.7, top_p: 0.9, seed: 1 } }),
    );
    expect(body).not.to.have.any.keys("temperature", "top_p");
    expect(body.seed).to.equal(1);
    expect(droppedParams).to.deep.equal(["temperature", "top_p"]);
  });

  it("tells reasoning models from chat models by name", () => {
    expect(["o1", "o3-mini", "o4-mini", "gpt-5", "gpt-5-mini"].map(isOpenAIReasoningModel)).to.deep.equal([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(
      ["gpt-4o", "gpt-4.1-nano", "gpt-5-chat-latest", "llama3.1"].map(isOpenAIReasoningModel),
    ).to.deep.equal([false, false, false, false]);
  });
});
