import { expect } from "chai";
import { AnthropicEventAccumulator } from "../../../plugins/anthropic/accumulate-anthropic-events.js";
import type { AnthropicStreamEvent } from "../../../plugins/anthropic/anthropic-api-types.js";
import type { StreamEvent } from "../../../src/index.js";

function feed(events: AnthropicStreamEvent[]) {
  const accumulator = new AnthropicEventAccumulator();
  const out: StreamEvent[] = [];
  for (const event of events) {
    const runtimeEvent = accumulator.add(event);
    if (runtimeEvent) out.push(runtimeEvent);
  }
  return { accumulator, out };
}

const messageStart = (usage: Record<string, unknown> = { input_tokens: 10, output_tokens: 1 }) => ({
  type: "message_start",
  message: { id: "msg_1", type: "message", role: "assistant", model: "claude-x", content: [], usage },
});
const start = (index: number, block: Record<string, unknown>) => ({
  type: "content_block_start",
  index,
  content_block: block,
});
const delta = (index: number, body: Record<string, unknown>) => ({
  type: "content_block_delta",
  index,
  delta: body,
});
const stop = (index: number) => ({ type: "content_block_stop", index });
const json = (index: number, partial: string) =>
  delta(index, { type: "input_json_delta", partial_json: partial });
const end = (stopReason: string, usage: Record<string, unknown> = { output_tokens: 9 }) => [
  { type: "message_delta", delta: { stop_reason: stopReason, stop_sequence: null }, usage },
  { type: "message_stop" },
];

describe("AnthropicEventAccumulator", () => {
  it("assembles partial JSON split mid-string and parses it once, at the block's stop", () => {
    const { accumulator, out } = feed([
      messageStart(),
      start(0, { type: "tool_use", id: "toolu_1", name: "weather", input: {} }),
      json(0, ""),
      json(0, '{"location": "San Fr'),
      json(0, 'ancisco"}'),
      stop(0),
      ...end("tool_use"),
    ]);
    expect(out).to.deep.equal([
      { type: "tool-call-start", index: 0, id: "toolu_1", name: "weather" },
      { type: "tool-call-delta", index: 0, argumentsDelta: '{"location": "San Fr' },
      { type: "tool-call-delta", index: 0, argumentsDelta: 'ancisco"}' },
    ]);
    expect(accumulator.toResponse().content).to.deep.equal([
      { type: "tool_use", id: "toolu_1", name: "weather", input: { location: "San Francisco" } },
    ]);
    expect(accumulator.stopped).to.equal(true);
  });

  it("gives a call without input deltas its arguments at the block's stop", () => {
    const { out } = feed([
      messageStart(),
      start(0, { type: "tool_use", id: "toolu_1", name: "list", input: {} }),
      stop(0),
      start(1, { type: "tool_use", id: "toolu_2", name: "find", input: { q: "a" } }),
      stop(1),
    ]);
    expect(out.filter((event) => event.type === "tool-call-delta")).to.deep.equal([
      { type: "tool-call-delta", index: 0, argumentsDelta: "{}" },
      { type: "tool-call-delta", index: 1, argumentsDelta: '{"q":"a"}' },
    ]);
  });

  it("keeps thinking with its signature, text with its citations, and whole server-tool result blocks", () => {
    const citation = { type: "web_search_result_location", url: "https://example.com", cited_text: "x" };
    const result = { type: "web_search_tool_result", tool_use_id: "srvtoolu_1", content: [] };
    const { accumulator, out } = feed([
      messageStart(),
      start(0, { type: "thinking", thinking: "", signature: "" }),
      delta(0, { type: "thinking_delta", thinking: "Hmm" }),
      delta(0, { type: "signature_delta", signature: "sig-1" }),
      stop(0),
      start(1, { type: "server_tool_use", id: "srvtoolu_1", name: "web_search", input: {} }),
      json(1, '{"query":"x"}'),
      stop(1),
      start(2, result),
      stop(2),
      start(3, { type: "text", text: "", citations: [] }),
      delta(3, { type: "citations_delta", citation }),
      delta(3, { type: "text_delta", text: "Found." }),
      stop(3),
      start(4, { type: "redacted_thinking", data: "opaque" }),
      stop(4),
      ...end("end_turn"),
    ]);
    expect(out).to.deep.equal([
      { type: "reasoning-delta", delta: "Hmm" },
      { type: "text-delta", delta: "Found." },
    ]);
    expect(accumulator.toResponse().content).to.deep.equal([
      { type: "thinking", thinking: "Hmm", signature: "sig-1" },
      { type: "server_tool_use", id: "srvtoolu_1", name: "web_search", input: { query: "x" } },
      result,
      { type: "text", text: "Found.", citations: [citation] },
      { type: "redacted_thinking", data: "opaque" },
    ]);
  });

  it("lets every non-null usage field of message_delta win over message_start's, and keeps the rest", () => {
    const { accumulator } = feed([
      messageStart({
        input_tokens: 10,
        cache_read_input_tokens: 3,
        output_tokens: 1,
        service_tier: "standard",
      }),
      ...end("end_turn", { output_tokens: 42, input_tokens: 12, cache_creation_input_tokens: null }),
    ]);
    const response = accumulator.toResponse();
    expect(response.usage).to.deep.equal({
      input_tokens: 12,
      cache_read_input_tokens: 3,
      output_tokens: 42,
      service_tier: "standard",
    });
    expect(response.stop_reason).to.equal("end_turn");
    expect(response.model).to.equal("claude-x");
  });

  it("copies message_delta's top-level fields (context_management) and stop_details onto the message", () => {
    const { accumulator } = feed([
      messageStart(),
      {
        type: "message_delta",
        delta: { stop_reason: "refusal", stop_details: { type: "refusal", explanation: "no" } },
        usage: { output_tokens: 2 },
        context_management: { applied_edits: [] },
      },
    ]);
    expect(accumulator.toResponse()).to.deep.include({
      stop_reason: "refusal",
      stop_details: { type: "refusal", explanation: "no" },
      context_management: { applied_edits: [] },
    });
    expect(accumulator.stopped, "no message_stop yet").to.equal(false);
  });

  it("holds calls made by a server tool until the end, and releases only those not answered in the turn", () => {
    const caller = { type: "code_execution_20250825", tool_id: "srvtoolu_code" };
    const { accumulator, out } = feed([
      messageStart(),
      start(0, { type: "tool_use", id: "toolu_direct", name: "a", input: {} }),
      json(0, "{}"),
      stop(0),
      start(1, { type: "server_tool_use", id: "srvtoolu_code", name: "code_execution", input: {} }),
      stop(1),
      start(2, { type: "tool_use", id: "toolu_by_code", name: "b", input: {}, caller }),
      json(2, '{"n":1}'),
      stop(2),
      start(3, { type: "tool_use", id: "toolu_after", name: "c", input: {} }),
      json(3, '{"n":2}'),
      stop(3),
      start(4, { type: "code_execution_tool_result", tool_use_id: "srvtoolu_code", content: {} }),
      stop(4),
      ...end("tool_use"),
    ]);
    expect(out.map((event) => event.type)).to.deep.equal(["tool-call-start", "tool-call-delta"]);
    expect([...accumulator.releaseHeldCalls()]).to.deep.equal([
      { type: "tool-call-start", index: 1, id: "toolu_after", name: "c" },
      { type: "tool-call-delta", index: 1, argumentsDelta: '{"n":2}' },
    ]);
  });

  it("releases a held server-made call whose result never came, at its final index", () => {
    const caller = { type: "code_execution_20250825", tool_id: "srvtoolu_code" };
    const { accumulator } = feed([
      messageStart(),
      start(0, { type: "text", text: "Running." }),
      stop(0),
      start(1, { type: "tool_use", id: "toolu_by_code", name: "b", input: {}, caller }),
      json(1, '{"n":1}'),
      stop(1),
      ...end("tool_use"),
    ]);
    expect([...accumulator.releaseHeldCalls()]).to.deep.equal([
      { type: "tool-call-start", index: 0, id: "toolu_by_code", name: "b" },
      { type: "tool-call-delta", index: 0, argumentsDelta: '{"n":1}' },
    ]);
  });

  it("reports a tool_use left open, and one whose input did not parse", () => {
    const open = feed([
      messageStart(),
      start(0, { type: "tool_use", id: "t1", name: "a", input: {} }),
      json(0, '{"a'),
    ]);
    expect(open.accumulator.openToolCall()?.block.id).to.equal("t1");
    const broken = feed([
      messageStart(),
      start(0, { type: "tool_use", id: "t2", name: "a", input: {} }),
      json(0, '{"a'),
      stop(0),
      ...end("max_tokens"),
    ]);
    expect(broken.accumulator.openToolCall()).to.equal(undefined);
    expect(broken.accumulator.malformedToolCall()?.block.id).to.equal("t2");
  });

  it("emits the text a block starts with, and ignores unknown events, deltas and out-of-range indexes", () => {
    const { out, accumulator } = feed([
      messageStart(),
      { type: "a_future_event" },
      start(0, { type: "text", text: "Pre" }),
      delta(0, { type: "a_future_delta", value: 1 }),
      delta(7, { type: "text_delta", text: "lost" }),
      delta(-1, { type: "text_delta", text: "lost" }),
      delta(0, { type: "text_delta", text: "fix" }),
      stop(0),
    ]);
    expect(out).to.deep.equal([
      { type: "text-delta", delta: "Pre" },
      { type: "text-delta", delta: "fix" },
    ]);
    expect(accumulator.toResponse().content).to.deep.equal([{ type: "text", text: "Prefix" }]);
  });
});
