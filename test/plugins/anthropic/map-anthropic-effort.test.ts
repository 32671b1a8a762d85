import { expect } from "chai";
import { mapAnthropicEffort } from "../../../plugins/anthropic/map-anthropic-effort.js";

describe("mapAnthropicEffort", () => {
  it("gives Claude 4.6 and later adaptive thinking steered by output_config.effort", () => {
    for (const model of [
      "claude-sonnet-4-6",
      "claude-opus-4-7",
      "claude-opus-5",
      "claude-fable-5-2",
      "claude-next",
    ]) {
      expect(mapAnthropicEffort("medium", model, 4096), model).to.deep.equal({
        thinking: { type: "adaptive" },
        effort: "medium",
      });
    }
    expect(mapAnthropicEffort("minimal", "claude-sonnet-4-6", 4096)?.effort).to.equal("low");
  });

  it("gives earlier models a thinking budget of at least 1024, at most half of max_tokens", () => {
    expect(mapAnthropicEffort("high", "claude-sonnet-4-5-20250929", 64_000)).to.deep.equal({
      thinking: { type: "enabled", budget_tokens: 16384 },
    });
    expect(mapAnthropicEffort("high", "claude-opus-4-20250514", 4096)).to.deep.equal({
      thinking: { type: "enabled", budget_tokens: 2048 },
    });
    expect(mapAnthropicEffort("low", "claude-3-7-sonnet-20250219", 8192)?.thinking).to.deep.equal({
      type: "enabled",
      budget_tokens: 2048,
    });
    expect(mapAnthropicEffort("low", "claude-haiku-4-5", 1500)).to.equal(undefined);
  });

  it("turns thinking off for none and cannot honour an effort it does not know", () => {
    expect(mapAnthropicEffort("none", "claude-sonnet-4-5", 4096)).to.deep.equal({
      thinking: { type: "disabled" },
    });
    expect(mapAnthropicEffort("extreme", "claude-sonnet-4-6", 4096)).to.equal(undefined);
  });
});
