import { expect } from "chai";
import {
  mapAnthropicResponse,
  mapAnthropicUsage,
} from "../../../plugins/anthropic/map-anthropic-response.js";

const TARGET = { provider: "claude", model: "claude-sonnet-4-6" };
const USAGE = { input_tokens: 12, output_tokens: 4 };

describe("mapAnthropicResponse", () => {
  it("joins text blocks into content and reports the instance name and the model that answered", () => {
    const output = mapAnthropicResponse(
      {
        model: "claude-sonnet-4-6",
        content: [
          { type: "text", text: "Hello " },
          { type: "text", text: "there." },
        ],
        stop_reason: "end_turn",
        usage: USAGE,
      },
      TARGET,
    );
    expect(output.content).to.equal("Hello there.");
    expect(output.toolCalls).to.equal(null);
    expect(output.finishReason).to.equal("stop");
    expect(output.provider).to.equal("claude");
    expect(output.model).to.equal("claude-sonnet-4-6");
    expect(output.extension).to.equal(undefined);
  });

  it("turns tool_use blocks into tool calls in order, input as a JSON string", () => {
    const output = mapAnthropicResponse(
      {
        content: [
          { type: "tool_use", id: "toolu_a", name: "get_weather", input: { city: "Paris" } },
          { type: "tool_use", id: "toolu_b", name: "get_weather", input: { city: "Tokyo" } },
        ],
        stop_reason: "tool_use",
        usage: USAGE,
      },
      TARGET,
    );
    expect(output.content).to.equal(null);
    expect(output.finishReason).to.equal("tool_calls");
    expect(output.toolCalls).to.deep.equal([
      { id: "toolu_a", type: "function", function: { name: "get_weather", arguments: '{"city":"Paris"}' } },
      { id: "toolu_b", type: "function", function: { name: "get_weather", arguments: '{"city":"Tokyo"}' } },
    ]);
  });

  it("keeps thinking and redacted_thinking blocks with signatures in the extension, in order", () => {
    const thinking = { type: "thinking", thinking: "925 / 5 = 185", signature: "sig-1" };
    const redacted = { type: "redacted_thinking", data: "opaque" };
    const output = mapAnthropicResponse(
      {
        model: "claude-sonnet-4-6",
        content: [thinking, redacted, { type: "text", text: "185", citations: null }],
        stop_reason: "end_turn",
        usage: USAGE,
      },
      TARGET,
    );
    expect(output.extension).to.deep.equal({
      providerType: "anthropic",
      model: "claude-sonnet-4-6",
      data: { content: [thinking, redacted, { type: "text", text: "185" }] },
    });
    expect(output.reasoningInfo?.reasoningText).to.equal("925 / 5 = 185");
  });

  it("never makes server-tool blocks into tool calls, and keeps them in the extension", () => {
    const output = mapAnthropicResponse(
      {
        content: [
          { type: "server_tool_use", id: "srvtoolu_1", name: "web_search", input: { query: "x" } },
          { type: "web_search_tool_result", tool_use_id: "srvtoolu_1", content: [] },
          { type: "mcp_tool_use", id: "mcptoolu_1", name: "echo", server_name: "echo", input: {} },
          { type: "a_block_from_a_newer_api" },
          { type: "text", text: "Done." },
        ],
        stop_reason: "end_turn",
        usage: USAGE,
      },
      TARGET,
    );
    expect(output.toolCalls).to.equal(null);
    expect(output.content).to.equal("Done.");
    const kept = ((output.extension?.data.content ?? []) as Array<{ type: string }>).map(
      (block) => block.type,
    );
    expect(kept).to.deep.equal([
      "server_tool_use",
      "web_search_tool_result",
      "mcp_tool_use",
      "a_block_from_a_newer_api",
      "text",
    ]);
  });

  it("keeps calls made by code execution and answered inside the turn out of toolCalls", () => {
    const caller = { type: "code_execution_20250825", tool_id: "srvtoolu_c" };
    const answered = { type: "tool_use", id: "toolu_inner", name: "rollDie", input: {}, caller };
    const output = mapAnthropicResponse(
      {
        content: [
          { type: "server_tool_use", id: "srvtoolu_c", name: "code_execution", input: { code: "x" } },
          answered,
          { type: "code_execution_tool_result", tool_use_id: "srvtoolu_c", content: {} },
          {
            type: "tool_use",
            id: "toolu_direct",
            name: "rollDie",
            input: { player: "p1" },
            caller: { type: "direct" },
          },
        ],
        stop_reason: "tool_use",
        usage: USAGE,
      },
      TARGET,
    );
    expect(output.toolCalls?.map((call) => call.id)).to.deep.equal(["toolu_direct"]);
    const kept = (output.extension?.data.content ?? []) as unknown[];
    expect(kept[1], "the answered call is kept whole").to.deep.equal(answered);
    expect(kept[3]).to.deep.equal({ type: "tool_call_slot", id: "toolu_direct", caller: { type: "direct" } });
  });

  it("surfaces a refusal as content_filter with the explanation as refusal text", () => {
    const output = mapAnthropicResponse(
      {
        content: [],
        stop_reason: "refusal",
        stop_details: { type: "refusal", category: "cyber", explanation: "Not allowed." },
        usage: USAGE,
      },
      TARGET,
    );
    expect(output.finishReason).to.equal("content_filter");
    expect(output.refusal).to.equal("Not allowed.");
  });

  it("keeps the raw stop reason and survives a body without content or usage", () => {
    const output = mapAnthropicResponse({ stop_reason: "pause_turn" }, TARGET);
    expect(output.finishReason).to.equal("other");
    expect(output.reasoningInfo?.rawFinishReason).to.equal("pause_turn");
    expect(output.content).to.equal(null);
    expect(output.usage).to.deep.equal({ promptTokens: 0, completionTokens: 0, totalTokens: 0 });
    expect(output.model).to.equal("claude-sonnet-4-6");
  });
  it("falls back to the requested model when the response's model is missing, empty or not a string", () => {
    for (const model of [undefined, "", 42, { id: "x" }]) {
      const output = mapAnthropicResponse({ model: model as string, content: [] }, TARGET);
      expect(output.model, String(model)).to.equal("claude-sonnet-4-6");
    }
  });

  it("reads text, thinking, stop reason and refusal explanation of the wrong type as absent", () => {
    const output = mapAnthropicResponse(
      {
        content: [
          { type: "text", text: 5 as unknown as string },
          { type: "text", text: "kept" },
          { type: "thinking", thinking: ["x"] as unknown as string, signature: "s" },
        ],
        stop_reason: 3 as unknown as string,
        stop_details: { explanation: { why: "no" } as unknown as string },
      },
      TARGET,
    );
    expect(output.content).to.equal("kept");
    expect(output.reasoningInfo?.reasoningText).to.equal("");
    expect(output.finishReason).to.equal("other");
    expect(output.reasoningInfo?.rawFinishReason).to.equal(null);
    const refused = mapAnthropicResponse(
      { content: [], stop_reason: "refusal", stop_details: { explanation: 9 as unknown as string } },
      TARGET,
    );
    expect(refused.refusal).to.equal("Anthropic declined to answer (stop_reason refusal)");
  });
});

describe("mapAnthropicUsage", () => {
  it("adds cache writes and reads into promptTokens; cachedTokens counts reads only, cacheWriteTokens writes", () => {
    expect(
      mapAnthropicUsage({
        input_tokens: 10,
        cache_creation_input_tokens: 100,
        cache_read_input_tokens: 1000,
        output_tokens: 7,
      }),
    ).to.deep.equal({
      promptTokens: 1110,
      completionTokens: 7,
      totalTokens: 1117,
      cachedTokens: 1000,
      cacheWriteTokens: 100,
    });
  });

  it("reports thinking tokens as reasoningTokens, already inside completionTokens", () => {
    const usage = mapAnthropicUsage({
      input_tokens: 5,
      output_tokens: 50,
      output_tokens_details: { thinking_tokens: 40 },
    });
    expect(usage).to.deep.equal({
      promptTokens: 5,
      completionTokens: 50,
      totalTokens: 55,
      reasoningTokens: 40,
    });
  });

  it("reads negative, non-finite or non-numeric counts as 0", () => {
    const usage = mapAnthropicUsage({
      input_tokens: -5,
      output_tokens: "7" as unknown as number,
      cache_read_input_tokens: -1,
      output_tokens_details: { thinking_tokens: -3 },
    });
    expect(usage).to.deep.equal({
      promptTokens: 0,
      completionTokens: 0,
      totalTokens: 0,
      cachedTokens: 0,
      reasoningTokens: 0,
    });
  });

  it("leaves cachedTokens out when the response says nothing about caching", () => {
    expect(mapAnthropicUsage({ input_tokens: 3, output_tokens: 2 })).to.not.have.property("cachedTokens");
  });
});
