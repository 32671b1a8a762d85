import { expect } from "chai";
import { OpenAIToolCallAssembler } from "../../../plugins/openai/assemble-openai-tool-call-deltas.js";
import type { OpenAIToolCallDelta } from "../../../plugins/openai/openai-api-types.js";
import type { StreamEvent } from "../../../src/index.js";

function assemble(deltas: OpenAIToolCallDelta[]) {
  const assembler = new OpenAIToolCallAssembler();
  const events: StreamEvent[] = deltas.flatMap((delta) => assembler.add(delta));
  return { events, calls: assembler.toolCalls() };
}

const summary = (calls: ReturnType<typeof assemble>["calls"]) =>
  calls.map((call) => [call.id, call.function.name, call.function.arguments]);

describe("OpenAIToolCallAssembler", () => {
  it("assembles OpenAI's parallel calls by index: id and name first, then argument pieces", () => {
    const { events, calls } = assemble([
      { index: 0, id: "call_a", type: "function", function: { name: "get_weather", arguments: "" } },
      { index: 0, function: { arguments: '{"city":' } },
      { index: 1, id: "call_b", type: "function", function: { name: "get_time", arguments: "" } },
      { index: 0, function: { arguments: '"Paris"}' } },
      { index: 1, function: { arguments: '{"zone":"UTC"}' } },
    ]);
    expect(summary(calls)).to.deep.equal([
      ["call_a", "get_weather", '{"city":"Paris"}'],
      ["call_b", "get_time", '{"zone":"UTC"}'],
    ]);
    expect(events).to.deep.equal([
      { type: "tool-call-start", index: 0, id: "call_a", name: "get_weather" },
      { type: "tool-call-delta", index: 0, argumentsDelta: '{"city":' },
      { type: "tool-call-start", index: 1, id: "call_b", name: "get_time" },
      { type: "tool-call-delta", index: 0, argumentsDelta: '"Paris"}' },
      { type: "tool-call-delta", index: 1, argumentsDelta: '{"zone":"UTC"}' },
    ]);
  });

  it("starts a new call for each new id when the server sends index 0 for every call (Ollama)", () => {
    const { calls, events } = assemble([
      { index: 0, id: "call_x", function: { name: "get_weather", arguments: '{"city":"Oslo"}' } },
      { index: 0, id: "call_y", function: { name: "get_weather", arguments: '{"city":"Lima"}' } },
    ]);
    expect(summary(calls)).to.deep.equal([
      ["call_x", "get_weather", '{"city":"Oslo"}'],
      ["call_y", "get_weather", '{"city":"Lima"}'],
    ]);
    expect(
      events.filter((event) => event.type === "tool-call-start").map((event) => event.index),
    ).to.deep.equal([0, 1]);
  });

  it("continues the latest call when deltas carry neither index nor id", () => {
    const { calls } = assemble([
      { id: "call_1", function: { name: "search", arguments: '{"q":' } },
      { function: { arguments: '"cats"}' } },
      { id: "call_2", function: { name: "search", arguments: '{"q":"dogs"}' } },
    ]);
    expect(summary(calls)).to.deep.equal([
      ["call_1", "search", '{"q":"cats"}'],
      ["call_2", "search", '{"q":"dogs"}'],
    ]);
  });

  it("keeps one call when a server repeats its id on every delta", () => {
    const { calls } = assemble([
      { index: 0, id: "call_r", function: { name: "f", arguments: '{"a"' } },
      { index: 0, id: "call_r", function: { arguments: ":1}" } },
    ]);
    expect(summary(calls)).to.deep.equal([["call_r", "f", '{"a":1}']]);
  });

  it("gives an id-less call call_<position>, as the non-streaming mapping does", () => {
    const { calls, events } = assemble([
      { index: 0, function: { name: "f", arguments: "{}" } },
      { index: 1, function: { name: "g", arguments: "{}" } },
    ]);
    expect(calls.map((call) => call.id)).to.deep.equal(["call_0", "call_1"]);
    expect(events[0]).to.deep.equal({ type: "tool-call-start", index: 0, id: "call_0", name: "f" });
  });

  it("announces a call only once its name arrives, with the arguments that came before it", () => {
    const { events, calls } = assemble([
      { index: 0, id: "call_late", function: { arguments: '{"a":' } },
      { index: 0, function: { name: "late", arguments: "2}" } },
    ]);
    expect(events).to.deep.equal([
      { type: "tool-call-start", index: 0, id: "call_late", name: "late" },
      { type: "tool-call-delta", index: 0, argumentsDelta: '{"a":2}' },
    ]);
    expect(summary(calls)).to.deep.equal([["call_late", "late", '{"a":2}']]);
  });

  it("leaves out calls that never got a name and calls of other tool types", () => {
    const { calls, events } = assemble([
      { index: 0, id: "call_custom", type: "custom", function: { name: "grammar", arguments: "x" } },
      { index: 1, id: "call_nameless", function: { arguments: "{}" } },
      { index: 2, id: "call_ok", type: "function", function: { name: "ok", arguments: "{}" } },
    ]);
    expect(summary(calls)).to.deep.equal([["call_ok", "ok", "{}"]]);
    expect(events[0]).to.deep.equal({ type: "tool-call-start", index: 0, id: "call_ok", name: "ok" });
  });
});
