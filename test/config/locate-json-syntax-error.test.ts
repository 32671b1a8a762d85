import { expect } from "chai";
import { lineAndColumn, locateJsonSyntaxError } from "../../src/config/locate-json-syntax-error.js";

describe("locateJsonSyntaxError", () => {
  const cases: Array<[text: string, offset: number, reason: RegExp]> = [
    ['{"a": 1,}', 8, /expected a key in double quotes/],
    ['{"a": 1 "b": 2}', 8, /expected "," or "}"/],
    ["[1, 2", 5, /ends early/],
    ['{"a": tru}', 6, /expected a value/],
    ['{"a" 1}', 5, /expected ":"/],
    ['{"a": "x\ny"}', 8, /line break or control character/],
    ['{"a": "\\q"}', 7, /invalid escape/],
    ['{"a": 1} x', 9, /after the end/],
    ["{'a': 1}", 1, /expected a key in double quotes/],
    ['{"a": "never closed}', 20, /never closed/],
    ['{"a": [1, 2}', 11, /expected "," or "]"/],
  ];
  for (const [text, offset, reason] of cases) {
    it(`finds the error in ${JSON.stringify(text)} at offset ${offset}`, () => {
      expect(() => JSON.parse(text)).to.throw(SyntaxError);
      const found = locateJsonSyntaxError(text);
      expect(found.offset).to.equal(offset);
      expect(found.reason).to.match(reason);
    });
  }

  it("accepts what JSON.parse accepts (escapes, numbers, nesting, literals)", () => {
    const text = '{"a": [1, -2.5e3, 0, true, false, null, {"b": "\\u00e9\\n\\""}], "c": {}}';
    expect(() => JSON.parse(text)).not.to.throw();
    expect(locateJsonSyntaxError(text).reason).to.equal("not valid JSON");
  });

  it("turns an offset into a 1-based line and column", () => {
    expect(lineAndColumn("ab\ncd\nef", 0)).to.deep.equal({ line: 1, column: 1 });
    expect(lineAndColumn("ab\ncd\nef", 4)).to.deep.equal({ line: 2, column: 2 });
    expect(lineAndColumn("ab\ncd\nef", 8)).to.deep.equal({ line: 3, column: 3 });
  });
});
