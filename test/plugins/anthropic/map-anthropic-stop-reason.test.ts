import { expect } from "chai";
import { mapAnthropicStopReason } from "../../../plugins/anthropic/map-anthropic-stop-reason.js";

describe("mapAnthropicStopReason", () => {
  const cases: Array<[string | null | undefined, string]> = [
    ["end_turn", "stop"],
    ["stop_sequence", "stop"],
    ["max_tokens", "length"],
    ["tool_use", "tool_calls"],
    ["refusal", "content_filter"],
    ["pause_turn", "other"],
    ["model_context_window_exceeded", "length"],
    ["a_reason_from_a_newer_api", "other"],
    [null, "other"],
    [undefined, "other"],
  ];
  for (const [stopReason, expected] of cases) {
    it(`maps ${String(stopReason)} to ${expected}`, () => {
      expect(mapAnthropicStopReason(stopReason)).to.equal(expected);
    });
  }
});
