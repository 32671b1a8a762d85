import { expect } from "chai";
import { mapOpenAIResponse } from "../../../plugins/openai/map-openai-response.js";
import { openAIChatCompletion } from "../../../src/testing/protocols/openai-protocol.js";
import { readRecordedJson } from "../../../src/testing/recorded-fixtures.js";

const target = { provider: "openai", model: "gpt-4o" };

describe("mapOpenAIResponse", () => {
  it("maps the recorded gpt-4.1-nano text reply (skips when the recorded fixtures are absent)", function () {
    const recorded = readRecordedJson("openai", "openai-text");
    if (recorded === undefined) {
      console.log("    (skipped: ../shared/fixtures/recorded is absent)");
      this.skip();
    }
    const output = mapOpenAIResponse(recorded as never, target);
    expect(output.content).to.match(/^\*\*Holiday Name:\*\* Galaxy Day/);
    expect(output.finishReason).to.equal("stop");
    expect(output.toolCalls).to.equal(null);
    expect(output.refusal).to.equal(null);
    expect(output.usage).to.deep.equal({
      promptTokens: 16,
      completionTokens: 363,
      totalTokens: 379,
      cachedTokens: 0,
      reasoningTokens: 0,
    });
  });

  it("keeps parallel tool calls in order with their ids and argument strings", () => {
    const body = openAIChatCompletion({
      toolCalls: [
        { id: "call_a", name: "get_weather", arguments: { city: "Paris" } },
        { id: "call_b", name: "get_time", arguments: '{"zone":"UTC"}' },
      ],
    });
    const output = mapOpenAIResponse(body, target);
    expect(output.finishReason).to.equal("tool_calls");
    expect(output.content).to.equal(null);
    expect(output.toolCalls).to.deep.equal([
      { id: "call_a", type: "function", function: { name: "get_weather", arguments: '{"city":"Paris"}' } },
      { id: "call_b", type: "function", function: { name: "get_time", arguments: '{"zone":"UTC"}' } },
    ]);
  });

  it("reports cached and reasoning tokens as parts of the totals", () => {
    const body = openAIChatCompletion({
      content: "x",
      usage: { promptTokens: 2000, completionTokens: 900, cachedTokens: 1536, reasoningTokens: 640 },
    });
    const output = mapOpenAIResponse(body, target);
    expect(output.usage).to.deep.equal({
      promptTokens: 2000,
      completionTokens: 900,
      totalTokens: 2900,
      cachedTokens: 1536,
      reasoningTokens: 640,
    });
    expect(output.reasoningInfo).to.deep.equal({
      reasoningTokens: 640,
      reasoningText: null,
      rawFinishReason: "stop",
      usage: output.usage,
    });
  });

  it("surfaces a refusal", () => {
    const output = mapOpenAIResponse(
      openAIChatCompletion({ content: null, refusal: "I can't help with that." }),
      target,
    );
    expect(output.refusal).to.equal("I can't help with that.");
    expect(output.content).to.equal(null);
  });

  it("keeps the raw finish reason when it maps an unknown one to other", () => {
    const output = mapOpenAIResponse(
      openAIChatCompletion({ content: "x", finishReason: "new_reason" }),
      target,
    );
    expect(output.finishReason).to.equal("other");
    expect(output.reasoningInfo?.rawFinishReason).to.equal("new_reason");
  });

  it("reads reasoning text that compatible servers send as reasoning_content", () => {
    const body = {
      choices: [{ message: { content: "4", reasoning_content: "2+2 is 4" }, finish_reason: "stop" }],
    };
    expect(mapOpenAIResponse(body, target).reasoningInfo?.reasoningText).to.equal("2+2 is 4");
  });

  it("reports tool_calls when a compatible server finishes a tool-call turn with stop", () => {
    const body = openAIChatCompletion({
      toolCalls: [{ id: "c1", name: "f", arguments: {} }],
      finishReason: "stop",
    });
    expect(mapOpenAIResponse(body, target).finishReason).to.equal("tool_calls");
  });

  it("gives a tool call without an id (older Ollama) a positional one and empty arguments an object", () => {
    const body = {
      choices: [
        {
          message: { tool_calls: [{ function: { name: "f", arguments: "" } }] },
          finish_reason: "tool_calls",
        },
      ],
    };
    expect(mapOpenAIResponse(body, target).toolCalls).to.deep.equal([
      { id: "call_0", type: "function", function: { name: "f", arguments: "{}" } },
    ]);
  });

  it("reads tool_calls that is not a list, and entries that are not named function calls, as no calls", () => {
    for (const toolCalls of [
      { id: "call_1" },
      "x",
      5,
      [7, null, { type: "function", function: { name: 3 } }],
    ]) {
      const body = { choices: [{ message: { content: "hi", tool_calls: toolCalls as never } }] };
      const output = mapOpenAIResponse(body, target);
      expect(output.toolCalls, JSON.stringify(toolCalls)).to.equal(null);
      expect(output.content).to.equal("hi");
    }
  });

  it("reads refusal, reasoning and finish reason of the wrong type as null, and never lets them through", () => {
    const body = {
      choices: [
        {
          message: {
            content: "x",
            refusal: { text: "no" } as never,
            reasoning_content: 7 as never,
            reasoning: ["r"] as never,
          },
          finish_reason: 1 as never,
        },
      ],
    };
    const output = mapOpenAIResponse(body, target);
    expect(output.refusal).to.equal(null);
    expect(output.reasoningInfo?.reasoningText).to.equal(null);
    expect(output.reasoningInfo?.rawFinishReason).to.equal(null);
    expect(output.finishReason).to.equal("other");
  });

  it("reads negative counts as 0 and counts of another type as absent", () => {
    const usage = {
      prompt_tokens: -3,
      completion_tokens: -1,
      total_tokens: -4,
      prompt_tokens_details: { cached_tokens: -2 },
      completion_tokens_details: { reasoning_tokens: "5" as never },
    };
    const output = mapOpenAIResponse({ choices: [{ message: { content: "x" } }], usage }, target);
    expect(output.usage).to.deep.equal({
      promptTokens: 0,
      completionTokens: 0,
      totalTokens: 0,
      cachedTokens: 0,
    });
  });

  it("writes arguments sent as an object as their JSON, and replaces an id that is not a string", () => {
    const body = {
      choices: [
        {
          message: {
            tool_calls: [
              { id: 9 as never, type: "function", function: { name: "f", arguments: { a: 1 } as never } },
            ],
          },
          finish_reason: "tool_calls",
        },
      ],
    };
    expect(mapOpenAIResponse(body, target).toolCalls).to.deep.equal([
      { id: "call_0", type: "function", function: { name: "f", arguments: '{"a":1}' } },
    ]);
  });

  it("returns an empty output rather than throwing when choices and usage are missing", () => {
    const output = mapOpenAIResponse({ choices: [] }, target);
    expect(output).to.deep.include({ content: null, toolCalls: null, finishReason: "other" });
    expect(output.usage).to.deep.equal({ promptTokens: 0, completionTokens: 0, totalTokens: 0 });
  });
});
