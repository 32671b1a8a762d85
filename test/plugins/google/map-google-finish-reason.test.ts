import { expect } from "chai";
import { mapGoogleFinishReason } from "../../../plugins/google/map-google-finish-reason.js";

describe("mapGoogleFinishReason", () => {
  it("maps STOP to stop and MAX_TOKENS to length", () => {
    expect(mapGoogleFinishReason("STOP", false)).to.equal("stop");
    expect(mapGoogleFinishReason("MAX_TOKENS", false)).to.equal("length");
  });

  for (const reason of ["SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII"]) {
    it(`maps ${reason} to content_filter, even on a turn with function calls`, () => {
      expect(mapGoogleFinishReason(reason, false)).to.equal("content_filter");
      expect(mapGoogleFinishReason(reason, true)).to.equal("content_filter");
    });
  }

  it("reports tool_calls for a turn with function calls that Gemini finished with STOP", () => {
    expect(mapGoogleFinishReason("STOP", true)).to.equal("tool_calls");
  });

  it("keeps length for a turn with function calls cut at MAX_TOKENS", () => {
    expect(mapGoogleFinishReason("MAX_TOKENS", true)).to.equal("length");
  });

  it("maps unknown, malformed-call and missing reasons to other without throwing", () => {
    expect(mapGoogleFinishReason("SOMETHING_NEW_IN_2027", false)).to.equal("other");
    expect(mapGoogleFinishReason("MALFORMED_FUNCTION_CALL", false)).to.equal("other");
    expect(mapGoogleFinishReason(undefined, false)).to.equal("other");
    expect(mapGoogleFinishReason(null, false)).to.equal("other");
  });
});
