import { expect } from "chai";
import { GoogleStreamAccumulator } from "../../../plugins/google/accumulate-google-stream.js";
import type { GoogleResponse, GoogleResponsePart } from "../../../plugins/google/google-api-types.js";
import { ConnectionError, ContentFilterError, type LLMOutput, type StreamEvent } from "../../../src/index.js";

const target = { provider: "gemini", model: "gemini-3-pro-preview" };

function chunk(parts: GoogleResponsePart[], extra: Record<string, unknown> = {}): GoogleResponse {
  const { finishReason, ...rest } = extra;
  const candidate = { content: { role: "model", parts }, ...(finishReason ? { finishReason } : {}) };
  return { candidates: [candidate as never], responseId: "resp-1", ...rest };
}

/** Feeds the chunks, then ends the stream; returns every event and the output. */
function run(chunks: GoogleResponse[]): { events: StreamEvent[]; output: LLMOutput } {
  const accumulator = new GoogleStreamAccumulator(target);
  const events = [...chunks.flatMap((each) => accumulator.add(each)), ...accumulator.finish()];
  const last = events.at(-1);
  if (last?.type !== "finish") throw new Error("no finish");
  return { events: events.slice(0, -1), output: last.output };
}

describe("GoogleStreamAccumulator", () => {
  it("emits no delta for the closing empty text part and keeps the signature it carries", () => {
    const { events, output } = run([
      chunk([{ text: "Hi" }]),
      chunk([{ text: "", thoughtSignature: "sig-end" }], { finishReason: "STOP" }),
    ]);
    expect(events).to.deep.equal([{ type: "text-delta", delta: "Hi" }]);
    expect(output.extension?.data).to.deep.equal({ textSignature: "sig-end" });
    expect(output.finishReason).to.equal("stop");
  });

  it("announces a streamed call when its name arrives and sends its assembled arguments when the empty terminator closes it", () => {
    const accumulator = new GoogleStreamAccumulator(target);
    const opened = [
      ...accumulator.add(
        chunk([
          { functionCall: { name: "weather", willContinue: true }, thoughtSignature: "sig-1" } as never,
        ]),
      ),
    ];
    expect(opened).to.have.length(1);
    expect(opened[0]).to.include({ type: "tool-call-start", index: 0, name: "weather" });
    const fed = [
      ...accumulator.add(
        chunk([
          {
            functionCall: { partialArgs: [{ jsonPath: "$.city", stringValue: "Oslo" }], willContinue: true },
          } as never,
        ]),
      ),
    ];
    expect(fed).to.deep.equal([]);
    const closed = accumulator.add(chunk([{ functionCall: {} }], { finishReason: "STOP" }));
    expect(closed).to.deep.equal([{ type: "tool-call-delta", index: 0, argumentsDelta: '{"city":"Oslo"}' }]);
    const [finish] = accumulator.finish();
    const output = (finish as Extract<StreamEvent, { type: "finish" }>).output;
    expect(output.toolCalls?.[0]).to.deep.include({ id: (opened[0] as { id: string }).id });
    expect(output.toolCalls?.[0].function).to.deep.equal({ name: "weather", arguments: '{"city":"Oslo"}' });
    expect(output.extension?.data.toolCalls).to.deep.equal([
      { name: "weather", id: undefined, thoughtSignature: "sig-1" },
    ]);
  });

  it("closes a streamed call still open when the next call or a text part arrives, or at the finish", () => {
    const open = (name: string) => ({ functionCall: { name, willContinue: true } }) as never;
    const { events, output } = run([
      chunk([open("a")]),
      chunk([{ functionCall: { name: "b", args: { x: 1 } } }]),
      chunk([open("c")]),
      chunk([{ text: "done" }]),
      chunk([open("d")], { finishReason: "STOP" }),
    ]);
    expect(events.map((event) => `${event.type}${"index" in event ? event.index : ""}`)).to.deep.equal([
      "tool-call-start0",
      "tool-call-delta0",
      "tool-call-start1",
      "tool-call-delta1",
      "tool-call-start2",
      "tool-call-delta2",
      "text-delta",
      "tool-call-start3",
      "tool-call-delta3",
    ]);
    expect(output.toolCalls?.map((call) => call.function.arguments)).to.deep.equal([
      "{}",
      '{"x":1}',
      "{}",
      "{}",
    ]);
  });

  it("ignores argument fragments and terminators that arrive with no call open", () => {
    const { events, output } = run([
      chunk([
        { functionCall: { partialArgs: [{ jsonPath: "$.x", numberValue: 1 }], willContinue: true } } as never,
      ]),
      chunk([{ functionCall: {} }, { text: "ok" }], { finishReason: "STOP" }),
    ]);
    expect(events).to.deep.equal([{ type: "text-delta", delta: "ok" }]);
    expect(output.toolCalls).to.equal(null);
  });

  it("throws a ConnectionError, never a finish, when the stream ended without a finishReason", () => {
    const accumulator = new GoogleStreamAccumulator(target);
    accumulator.add(chunk([{ functionCall: { name: "a", willContinue: true } } as never]));
    expect(() => accumulator.finish())
      .to.throw(ConnectionError)
      .with.property("message")
      .that.contains("inside a tool call's arguments");
  });

  it("throws a ContentFilterError when a chunk reports the prompt blocked", () => {
    const accumulator = new GoogleStreamAccumulator(target);
    const blocked = { promptFeedback: { blockReason: "SAFETY" } };
    expect(() => accumulator.add(blocked)).to.throw(ContentFilterError);
  });

  it("takes the last chunk's cumulative usage and skips chunks without a candidate", () => {
    const { output } = run([
      chunk([{ text: "a" }], {
        usageMetadata: { promptTokenCount: 5, candidatesTokenCount: 1, totalTokenCount: 6 },
      }),
      { usageMetadata: { trafficType: "ON_DEMAND" } },
      chunk([{ text: "b" }], {
        finishReason: "MAX_TOKENS",
        usageMetadata: { promptTokenCount: 5, candidatesTokenCount: 2, totalTokenCount: 7 },
      }),
    ]);
    expect(output.usage).to.deep.equal({ promptTokens: 5, completionTokens: 2, totalTokens: 7 });
    expect(output.finishReason).to.equal("length");
    expect(output.content).to.equal("ab");
  });

  it("follows candidate 0 only when a chunk carries another candidate (candidateCount above 1)", () => {
    const other = { candidates: [{ index: 1, content: { parts: [{ text: "second candidate" }] } }] };
    const { events, output } = run([
      chunk([{ text: "first" }]),
      other,
      chunk([{ text: "!" }], { finishReason: "STOP" }),
    ]);
    expect(events).to.deep.equal([
      { type: "text-delta", delta: "first" },
      { type: "text-delta", delta: "!" },
    ]);
    expect(output.content).to.equal("first!");
  });

  it("refuses at the finish a streamed call whose name is not a string, announcing it with an empty name", () => {
    const accumulator = new GoogleStreamAccumulator(target);
    const events = accumulator.add(
      chunk([{ functionCall: { name: 7 as never, args: { a: 1 } } }], { finishReason: "STOP" }),
    );
    expect(events[0]).to.include({ type: "tool-call-start", name: "" });
    expect(() => accumulator.finish())
      .to.throw()
      .with.property("providerCode", "malformed_tool_call");
  });

  it("reads candidates, parts, modelVersion and responseId of the wrong type as absent", () => {
    const accumulator = new GoogleStreamAccumulator(target);
    expect(accumulator.add({ candidates: { index: 0 } as never })).to.deep.equal([]);
    expect(accumulator.add({ candidates: [null as never, 4 as never] })).to.deep.equal([]);
    accumulator.add({ candidates: [{ content: { parts: "x" as never } }], modelVersion: 5 as never });
    const events = accumulator.add({
      ...chunk([{ text: "hi" }, { functionCall: { name: "f", args: {} } }], { finishReason: "STOP" }),
      responseId: { id: 1 } as never,
    });
    expect(events.map((event) => event.type)).to.deep.equal([
      "text-delta",
      "tool-call-start",
      "tool-call-delta",
    ]);
    const finish = accumulator.finish().at(-1);
    if (finish?.type !== "finish") throw new Error("no finish");
    expect(finish.output.model).to.equal("gemini-3-pro-preview");
    expect(finish.output.content).to.equal("hi");
  });
});
