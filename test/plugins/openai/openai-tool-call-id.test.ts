import { expect } from "chai";
import { toOpenAIToolCallId } from "../../../plugins/openai/openai-tool-call-id.js";

describe("toOpenAIToolCallId", () => {
  it("keeps an id of at most 40 characters unchanged", () => {
    const id = "c".repeat(40);
    expect(toOpenAIToolCallId(id)).to.equal(id);
    expect(toOpenAIToolCallId("call_abc")).to.equal("call_abc");
  });

  it("shortens a longer id to 40 characters, the same way every time", () => {
    const long = `functions.get_weather:0|${"x".repeat(60)}`;
    const short = toOpenAIToolCallId(long);
    expect(short).to.have.length(40);
    expect(short).to.match(/^call_[A-Za-z0-9_-]+$/);
    expect(toOpenAIToolCallId(long)).to.equal(short);
  });

  it("gives two different long ids two different short ids", () => {
    expect(toOpenAIToolCallId("a".repeat(50))).not.to.equal(toOpenAIToolCallId("b".repeat(50)));
  });
});
