import { expect } from "chai";
import {
  generateGoogleToolCallId,
  isPortableToolCallId,
} from "../../../plugins/google/google-tool-call-id.js";

describe("generateGoogleToolCallId", () => {
  it("gives an id every provider accepts (pattern and 40-character limit), even at a large index", () => {
    for (const index of [0, 7, 123456789]) {
      const id = generateGoogleToolCallId("response-1", index);
      expect(id).to.match(/^[a-zA-Z0-9_-]+$/);
      expect(id.length).to.be.at.most(40);
    }
  });

  it("is deterministic for one response and unique across positions", () => {
    expect(generateGoogleToolCallId("r", 0)).to.equal(generateGoogleToolCallId("r", 0));
    expect(generateGoogleToolCallId("r", 0)).to.not.equal(generateGoogleToolCallId("r", 1));
  });

  it("differs between responses", () => {
    expect(generateGoogleToolCallId("response-a", 0)).to.not.equal(generateGoogleToolCallId("response-b", 0));
  });
});

describe("isPortableToolCallId", () => {
  it("accepts short alphanumeric ids and refuses dotted, coloned or over-long ones", () => {
    expect(isPortableToolCallId("call_abc-123")).to.equal(true);
    expect(isPortableToolCallId("functions.Bash:0")).to.equal(false);
    expect(isPortableToolCallId("x".repeat(41))).to.equal(false);
    expect(isPortableToolCallId("")).to.equal(false);
  });
});
