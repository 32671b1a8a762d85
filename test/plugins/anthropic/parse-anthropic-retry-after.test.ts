import { expect } from "chai";
import { parseAnthropicRetryAfterMs } from "../../../plugins/anthropic/parse-anthropic-retry-after.js";

const NOW = Date.parse("2026-11-25T12:00:00Z");
const read = (headers: Record<string, string>) => parseAnthropicRetryAfterMs(new Headers(headers), NOW);

describe("parseAnthropicRetryAfterMs", () => {
  it("reads retry-after-ms first, even when it is zero", () => {
    expect(read({ "retry-after-ms": "0", "retry-after": "30" })).to.equal(0);
    expect(read({ "retry-after-ms": "1500" })).to.equal(1500);
  });

  it("reads retry-after as seconds, fractions included", () => {
    expect(read({ "retry-after": "2" })).to.equal(2000);
    expect(read({ "retry-after": "0.5" })).to.equal(500);
  });

  it("reads retry-after as an HTTP date, a past date meaning no wait", () => {
    expect(read({ "retry-after": "Wed, 25 Nov 2026 12:00:10 GMT" })).to.equal(10_000);
    expect(read({ "retry-after": "Wed, 25 Nov 2026 11:00:00 GMT" })).to.equal(0);
  });

  it("treats a negative value as no wait and an unreadable one as unknown", () => {
    expect(read({ "retry-after": "-5" })).to.equal(0);
    expect(read({ "retry-after": "soon" })).to.equal(undefined);
    expect(read({ "retry-after": "" })).to.equal(undefined);
    expect(read({})).to.equal(undefined);
    expect(parseAnthropicRetryAfterMs(undefined, NOW)).to.equal(undefined);
  });
});
