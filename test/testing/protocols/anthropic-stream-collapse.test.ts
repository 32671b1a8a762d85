import { expect } from "chai";
import {
  anthropicMessage,
  anthropicStreamEvents,
} from "../../../src/testing/protocols/anthropic-protocol.js";
import { collapseAnthropicStream } from "../../../src/testing/protocols/anthropic-stream-collapse.js";
import { splitAnthropicDeltas } from "../../../src/testing/protocols/anthropic-stream-replies.js";

describe("collapseAnthropicStream", () => {
  it("rebuilds the message the stream events were made from, whatever the delta split", () => {
    const spec = {
      thinking: { thinking: "First Paris.", signature: "sig-1" },
      text: "Checking.",
      toolUses: [{ id: "toolu_1", name: "w", input: { city: "Paris", days: [1, 2] } }],
      usage: { inputTokens: 20, outputTokens: 9, cacheReadInputTokens: 4 },
    };
    const payloads = splitAnthropicDeltas(anthropicStreamEvents(spec), 3).map((event) => event.data);
    expect(collapseAnthropicStream(payloads)).to.deep.equal(anthropicMessage(spec));
  });

  it("parses the input of every block type streamed as input_json_delta, mcp_tool_use included", () => {
    const payloads = [
      {
        type: "message_start",
        message: { id: "m", content: [], usage: { input_tokens: 3, output_tokens: 1 } },
      },
      {
        type: "content_block_start",
        index: 0,
        content_block: { type: "mcp_tool_use", id: "mcp_1", input: {} },
      },
      {
        type: "content_block_delta",
        index: 0,
        delta: { type: "input_json_delta", partial_json: '{"message":' },
      },
      { type: "content_block_delta", index: 0, delta: { type: "input_json_delta", partial_json: '"hi"}' } },
      { type: "content_block_stop", index: 0 },
      { type: "message_delta", delta: { stop_reason: "end_turn" }, usage: { output_tokens: 7 }, extra: 1 },
      { type: "message_stop" },
    ];
    expect(collapseAnthropicStream(payloads)).to.deep.equal({
      id: "m",
      content: [{ type: "mcp_tool_use", id: "mcp_1", input: { message: "hi" } }],
      stop_reason: "end_turn",
      extra: 1,
      usage: { input_tokens: 3, output_tokens: 7 },
    });
  });
});
