import { expect } from "chai";
import { UsageError } from "../../src/cli/cli-io.js";
import { parseCallParams } from "../../src/cli/parse-call-params.js";

describe("parseCallParams (chat --param)", () => {
  it("reads numbers, booleans, null and JSON as typed values, anything else as text", () => {
    const params = parseCallParams([
      "temperature=0",
      "max_tokens=200",
      "logprobs=true",
      "seed=null",
      'response_format={"type":"json_object"}',
      'stop=["END"]',
      "reasoning_effort=low",
      'user="42"',
      "suffix=",
      "tag=a=b",
    ]);
    expect(params).to.deep.equal({
      temperature: 0,
      max_tokens: 200,
      logprobs: true,
      seed: null,
      response_format: { type: "json_object" },
      stop: ["END"],
      reasoning_effort: "low",
      user: "42",
      suffix: "",
      tag: "a=b",
    });
  });

  it("lets a later --param replace an earlier one of the same name", () => {
    expect(parseCallParams(["temperature=1", "temperature=0.5"])).to.deep.equal({ temperature: 0.5 });
  });

  it("refuses a malformed option with a UsageError that shows the form", () => {
    for (const option of ["temperature", "=1", "1x=2", "a.b=1", "constructor=1", "__proto__={}"]) {
      expect(() => parseCallParams([option]), option)
        .to.throw(UsageError)
        .with.property("message")
        .that.includes("is not of the form name=value");
    }
  });
});
