import { expect } from "chai";
import { parseRetryAfterMs } from "../../src/provider-utils.js";

const NOW = Date.parse("2026-11-25T12:00:00Z");
const read = (values: Record<string, string>) => parseRetryAfterMs(new Headers(values), NOW);

describe("parseRetryAfterMs", () => {
  const table: Array<[string, Record<string, string>, number | undefined]> = [
    ["retry-after in seconds", { "retry-after": "2" }, 2000],
    ["fractional retry-after seconds", { "retry-after": "1.5" }, 1500],
    ["retry-after-ms", { "retry-after-ms": "250" }, 250],
    ["retry-after-ms over retry-after, even when zero", { "retry-after-ms": "0", "retry-after": "30" }, 0],
    ["an HTTP date in the future", { "retry-after": "Wed, 25 Nov 2026 12:00:05 GMT" }, 5000],
    ["an HTTP date in the past as no wait", { "retry-after": "Wed, 25 Nov 2026 11:00:00 GMT" }, 0],
    ["a negative number as no wait", { "retry-after": "-3" }, 0],
    ["an unreadable value as nothing said", { "retry-after": "soon" }, undefined],
    ["an empty value as nothing said", { "retry-after": "" }, undefined],
    [
      "a malformed retry-after-ms by falling back to retry-after",
      { "retry-after-ms": "NaN", "retry-after": "1" },
      1000,
    ],
    ["no header as nothing said", {}, undefined],
  ];
  for (const [what, values, expected] of table) {
    it(`reads ${what}`, () => {
      expect(read(values)).to.equal(expected);
    });
  }

  it("reads nothing when there are no headers at all", () => {
    expect(parseRetryAfterMs(undefined, NOW)).to.equal(undefined);
  });
});
