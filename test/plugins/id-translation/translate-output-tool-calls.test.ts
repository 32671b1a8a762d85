import { expect } from "chai";
import { translateOutputToolCalls, translateToolCallId } from "../../../plugins/id-translation/index.js";
import type { LLMOutput } from "../../../src/index.js";

const PORTABLE = /^[a-zA-Z0-9_-]{1,40}$/;

function output(ids: string[]): LLMOutput {
  return Object.freeze({
    content: null,
    toolCalls: Object.freeze(
      ids.map((id) =>
        Object.freeze({ id, type: "function" as const, function: { name: "Bash", arguments: "{}" } }),
      ),
    ) as LLMOutput["toolCalls"],
    usage: { promptTokens: 1, completionTokens: 1, totalTokens: 2 },
    finishReason: "tool_calls",
    provider: "kimi",
    model: "kimi-k2",
    reasoningInfo: null,
    attempts: [],
  });
}

describe("id-translation: translateOutputToolCalls", () => {
  it("gives the caller ids every built-in provider accepts, the same ones on every call", () => {
    const first = translateOutputToolCalls(output(["functions.Bash:0", "x".repeat(64)]));
    const again = translateOutputToolCalls(output(["functions.Bash:0", "x".repeat(64)]));
    const ids = first.toolCalls?.map((call) => call.id) ?? [];
    for (const id of ids) expect(id).to.match(PORTABLE);
    expect(ids[0]).to.equal(translateToolCallId("functions.Bash:0"));
    expect(again.toolCalls?.map((call) => call.id)).to.deep.equal(ids);
  });

  it("returns the output itself when every id is already portable", () => {
    const original = output(["call_abc", "toolu_01"]);
    expect(translateOutputToolCalls(original)).to.equal(original);
  });

  it("gives calls of one output that share an id distinct ids", () => {
    const ids = translateOutputToolCalls(output(["functions.Bash:0", "functions.Bash:0"])).toolCalls?.map(
      (call) => call.id,
    );
    expect(new Set(ids).size).to.equal(2);
  });

  it("gives a portable id used twice a distinct second id, the first use keeping it", () => {
    const ids = translateOutputToolCalls(output(["call_abc", "toolu_1", "call_abc"])).toolCalls?.map(
      (call) => call.id,
    );
    expect(ids?.slice(0, 2)).to.deep.equal(["call_abc", "toolu_1"]);
    expect(ids?.[2]).to.match(PORTABLE).and.not.equal("call_abc");
  });

  it("returns the output itself for many calls with portable ids, and renames a repeat among them", () => {
    const many = Array.from({ length: 40 }, (_, index) => `call_${index}`);
    const original = output(many);
    expect(translateOutputToolCalls(original)).to.equal(original);
    const repeated = translateOutputToolCalls(output([...many, "call_7"])).toolCalls?.map((call) => call.id);
    expect(repeated?.slice(0, 40)).to.deep.equal(many);
    expect(new Set(repeated).size).to.equal(41);
  });

  it("keeps everything else of the output and of each call", () => {
    const translated = translateOutputToolCalls(output(["functions.Bash:0"]));
    expect(translated.provider).to.equal("kimi");
    expect(translated.toolCalls?.[0].function).to.deep.equal({ name: "Bash", arguments: "{}" });
  });
});
