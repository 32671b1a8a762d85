import { expect } from "chai";
import {
  isValidAnthropicToolCallId,
  toAnthropicToolCallId,
} from "../../../plugins/anthropic/anthropic-tool-call-id.js";

const RULE = /^[a-zA-Z0-9_-]+$/;

describe("anthropic tool-call ids", () => {
  it("accepts ids made of letters, digits, underscores and hyphens", () => {
    expect(isValidAnthropicToolCallId("toolu_01PQjhxo3eirCdKNvCJrKc8f")).to.equal(true);
    expect(isValidAnthropicToolCallId("call-abc_123")).to.equal(true);
  });

  it("refuses ids with dots, colons, pipes, spaces or no characters at all", () => {
    for (const id of ["functions.write:0", "call_x|fc_y", "a b", ""]) {
      expect(isValidAnthropicToolCallId(id), id).to.equal(false);
    }
  });

  it("keeps a valid id unchanged", () => {
    expect(toAnthropicToolCallId("call_abc123")).to.equal("call_abc123");
  });

  it("rewrites an invalid id into one that matches Anthropic's rule, the same way every time", () => {
    const rewritten = toAnthropicToolCallId("functions.Bash:0");
    expect(rewritten).to.match(RULE);
    expect(rewritten.startsWith("functions_Bash_0_")).to.equal(true);
    expect(toAnthropicToolCallId("functions.Bash:0")).to.equal(rewritten);
  });

  it("keeps two invalid ids distinct when they differ only in replaced characters", () => {
    expect(toAnthropicToolCallId("a.b")).to.not.equal(toAnthropicToolCallId("a:b"));
  });

  it("rewrites an empty id and a 200-character invalid id into short valid ones", () => {
    const empty = toAnthropicToolCallId("");
    expect(empty).to.match(RULE);
    const long = toAnthropicToolCallId(`${"x".repeat(199)}.`);
    expect(long).to.match(RULE);
    expect(long.length).to.be.at.most(64);
  });
});
