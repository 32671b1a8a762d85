import { expect } from "chai";
import {
  GooglePartialArgsAssembler,
  parseGoogleJsonPath,
} from "../../../plugins/google/assemble-google-partial-args.js";

describe("parseGoogleJsonPath", () => {
  it("reads dotted names, array indexes and bracketed names", () => {
    expect(parseGoogleJsonPath("$.operations[12].price")).to.deep.equal(["operations", 12, "price"]);
    expect(parseGoogleJsonPath("$['a b'][\"c\"]")).to.deep.equal(["a b", "c"]);
    expect(parseGoogleJsonPath("$")).to.deep.equal([]);
  });

  it("returns undefined for a path it does not know", () => {
    expect(parseGoogleJsonPath("location")).to.equal(undefined);
    expect(parseGoogleJsonPath("$..deep")).to.equal(undefined);
    expect(parseGoogleJsonPath("$[x]")).to.equal(undefined);
  });
});

describe("GooglePartialArgsAssembler", () => {
  it("joins a string continued over fragments of one path, and starts afresh after the string ended", () => {
    const assembler = new GooglePartialArgsAssembler();
    assembler.add({ jsonPath: "$.location", stringValue: "San ", willContinue: true });
    assembler.add({ jsonPath: "$.location", stringValue: "Francisco", willContinue: true });
    assembler.add({ jsonPath: "$.location", stringValue: "" });
    expect(assembler.args).to.deep.equal({ location: "San Francisco" });
    assembler.add({ jsonPath: "$.location", stringValue: "Paris" });
    expect(assembler.args).to.deep.equal({ location: "Paris" });
  });

  it("builds nested objects and arrays with number, boolean and null leaves, keys in arrival order", () => {
    const assembler = new GooglePartialArgsAssembler();
    assembler.add({ jsonPath: "$.items[0].name", stringValue: "apple" });
    assembler.add({ jsonPath: "$.items[0].price", numberValue: 0.5 });
    assembler.add({ jsonPath: "$.items[1].name", stringValue: "pear" });
    assembler.add({ jsonPath: "$.items[1].fresh", boolValue: false });
    assembler.add({ jsonPath: "$.note", nullValue: "NULL_VALUE" });
    expect(JSON.stringify(assembler.args)).to.equal(
      '{"items":[{"name":"apple","price":0.5},{"name":"pear","fresh":false}],"note":null}',
    );
  });

  it("never leaves holes or builds a huge sparse array from a far index", () => {
    const assembler = new GooglePartialArgsAssembler();
    assembler.add({ jsonPath: "$.list[1000000000]", numberValue: 1 });
    assembler.add({ jsonPath: "$.list[5]", numberValue: 2 });
    expect(assembler.args).to.deep.equal({ list: [1, 2] });
  });

  it("keeps a __proto__ key as plain data without touching any prototype", () => {
    const assembler = new GooglePartialArgsAssembler();
    assembler.add({ jsonPath: "$.__proto__.polluted", stringValue: "yes" });
    expect(JSON.stringify(assembler.args)).to.equal('{"__proto__":{"polluted":"yes"}}');
    expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
  });

  it("keeps a fragment with an unknown path under the raw path, and ignores one without a value", () => {
    const assembler = new GooglePartialArgsAssembler();
    assembler.add({ jsonPath: "weird path", stringValue: "kept" });
    assembler.add({ jsonPath: "$.nothing" });
    expect(assembler.args).to.deep.equal({ "weird path": "kept" });
  });

  it("replaces a leaf whose container type changed instead of throwing", () => {
    const assembler = new GooglePartialArgsAssembler();
    assembler.add({ jsonPath: "$.a", stringValue: "text" });
    assembler.add({ jsonPath: "$.a[0]", numberValue: 3 });
    expect(assembler.args).to.deep.equal({ a: [3] });
  });
});
