import { expect } from "chai";
import { convertToAnthropicMessages } from "../../../plugins/anthropic/convert-to-anthropic-messages.js";
import type { ChatMessage } from "../../../src/index.js";

const TARGET = { provider: "anthropic", model: "claude-sonnet-4-6" };

function call(id: string, name: string, args: Record<string, unknown>) {
  return { id, type: "function" as const, function: { name, arguments: JSON.stringify(args) } };
}

describe("convertToAnthropicMessages", () => {
  it("moves every system message, wherever it stands, into system and keeps the other turns in order", () => {
    const result = convertToAnthropicMessages(
      [
        { role: "system", content: "Be brief." },
        { role: "user", content: "Hi" },
        { role: "assistant", content: "Hello" },
        { role: "system", content: [{ type: "text", text: "Answer in French." }] },
        { role: "user", content: "Again" },
      ],
      TARGET,
    );
    expect(result.system).to.deep.equal([
      { type: "text", text: "Be brief." },
      { type: "text", text: "Answer in French." },
    ]);
    expect(result.messages).to.deep.equal([
      { role: "user", content: [{ type: "text", text: "Hi" }] },
      { role: "assistant", content: [{ type: "text", text: "Hello" }] },
      { role: "user", content: [{ type: "text", text: "Again" }] },
    ]);
  });

  it("turns tool calls into tool_use blocks and merges their results into one user turn right after", () => {
    const result = convertToAnthropicMessages(
      [
        { role: "user", content: "Weather in Paris and Tokyo?" },
        {
          role: "assistant",
          content: "Checking both.",
          tool_calls: [
            call("call_1", "get_weather", { city: "Paris" }),
            call("call_2", "get_weather", { city: "Tokyo" }),
          ],
        },
        { role: "tool", tool_call_id: "call_1", content: '{"c":21}' },
        { role: "tool", tool_call_id: "call_2", content: [{ type: "text", text: '{"c":18}' }] },
      ],
      TARGET,
    );
    expect(result.messages).to.deep.equal([
      { role: "user", content: [{ type: "text", text: "Weather in Paris and Tokyo?" }] },
      {
        role: "assistant",
        content: [
          { type: "text", text: "Checking both." },
          { type: "tool_use", id: "call_1", name: "get_weather", input: { city: "Paris" } },
          { type: "tool_use", id: "call_2", name: "get_weather", input: { city: "Tokyo" } },
        ],
      },
      {
        role: "user",
        content: [
          { type: "tool_result", tool_use_id: "call_1", content: '{"c":21}' },
          { type: "tool_result", tool_use_id: "call_2", content: [{ type: "text", text: '{"c":18}' }] },
        ],
      },
    ]);
    expect(result.hasToolBlocks).to.equal(true);
    expect(result.historyToolNames).to.deep.equal(["get_weather"]);
  });

  it("puts tool results before user text that stands between or after them in the same turn", () => {
    const result = convertToAnthropicMessages(
      [
        { role: "assistant", content: null, tool_calls: [call("a", "f", {}), call("b", "f", {})] },
        { role: "tool", tool_call_id: "a", content: "1" },
        { role: "user", content: "Also, hurry." },
        { role: "tool", tool_call_id: "b", content: "2" },
      ],
      TARGET,
    );
    expect(result.messages[1]).to.deep.equal({
      role: "user",
      content: [
        { type: "tool_result", tool_use_id: "a", content: "1" },
        { type: "tool_result", tool_use_id: "b", content: "2" },
        { type: "text", text: "Also, hurry." },
      ],
    });
  });

  it("merges consecutive turns of one role so that roles alternate", () => {
    const result = convertToAnthropicMessages(
      [
        { role: "user", content: "one" },
        { role: "user", content: "two" },
        { role: "assistant", content: "three" },
        { role: "assistant", content: "four" },
      ],
      TARGET,
    );
    expect(result.messages.map((turn) => turn.role)).to.deep.equal(["user", "assistant"]);
    expect(result.messages[0].content).to.have.length(2);
    expect(result.messages[1].content).to.have.length(2);
  });

  it("never sends an empty text block and drops a turn left empty", () => {
    const result = convertToAnthropicMessages(
      [
        { role: "system", content: "" },
        { role: "user", content: "question" },
        { role: "assistant", content: "" },
        {
          role: "user",
          content: [
            { type: "text", text: "" },
            { type: "text", text: "more" },
          ],
        },
        { role: "assistant", content: "", tool_calls: [call("c", "f", { x: 1 })] },
        { role: "tool", tool_call_id: "c", content: "" },
      ],
      TARGET,
    );
    expect(result.system).to.deep.equal([]);
    expect(result.messages).to.deep.equal([
      {
        role: "user",
        content: [
          { type: "text", text: "question" },
          { type: "text", text: "more" },
        ],
      },
      { role: "assistant", content: [{ type: "tool_use", id: "c", name: "f", input: { x: 1 } }] },
      { role: "user", content: [{ type: "tool_result", tool_use_id: "c" }] },
    ]);
    const blocks = result.messages.flatMap((turn) => turn.content);
    expect(blocks.filter((block) => block.type === "text" && block.text === "")).to.deep.equal([]);
  });

  it("rewrites an invalid tool-call id the same way on the call and on its result", () => {
    const result = convertToAnthropicMessages(
      [
        { role: "assistant", content: null, tool_calls: [call("functions.write:0", "write", { path: "a" })] },
        { role: "tool", tool_call_id: "functions.write:0", content: "done" },
      ],
      TARGET,
    );
    const use = result.messages[0].content[0] as { id: string };
    const answer = result.messages[1].content[0] as { tool_use_id: string };
    expect(use.id).to.match(/^[a-zA-Z0-9_-]+$/);
    expect(answer.tool_use_id).to.equal(use.id);
  });

  it("reports no tool blocks for a plain conversation", () => {
    const result = convertToAnthropicMessages([{ role: "user", content: "hi" }], TARGET);
    expect(result.hasToolBlocks).to.equal(false);
    expect(result.historyToolNames).to.deep.equal([]);
  });

  it("refuses a message with an unknown role, naming the role", () => {
    const history = [{ role: "developer", content: "x" }] as unknown as ChatMessage[];
    expect(() => convertToAnthropicMessages(history, TARGET))
      .to.throw(/role "developer"/)
      .with.property("code", "invalid_request");
  });
});
