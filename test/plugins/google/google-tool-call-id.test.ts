import { expect } from "chai";
import {
  GoogleToolCallIdAssigner,
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

describe("GoogleToolCallIdAssigner", () => {
  const paris = { name: "weather", args: { city: "Paris" } };
  const tokyo = { name: "weather", args: { city: "Tokyo" } };

  it("keeps Gemini's own portable id, and replaces a repeated or non-portable one", () => {
    const assigner = new GoogleToolCallIdAssigner("resp-1");
    expect(assigner.next({ ...paris, id: "abc123" })).to.equal("abc123");
    expect(assigner.next({ ...tokyo, id: "abc123" })).to.equal(generateGoogleToolCallId("resp-1", 1));
    expect(assigner.next({ ...tokyo, id: "functions.weather:2" })).to.equal(
      generateGoogleToolCallId("resp-1", 2),
    );
  });

  it("names a call from what precedes it only, so a stream can name it before the reply ends", () => {
    const whole = new GoogleToolCallIdAssigner();
    whole.noteText("Checking.");
    const first = whole.next(paris);
    whole.next(tokyo);
    const streamed = new GoogleToolCallIdAssigner();
    streamed.noteText("Check");
    streamed.noteText("ing.");
    expect(streamed.next(paris)).to.equal(first);
  });

  it("without a responseId, tells apart replies that differ in the text before, or in the call itself", () => {
    const idOf = (text: string, call: typeof paris) => {
      const assigner = new GoogleToolCallIdAssigner();
      assigner.noteText(text);
      return assigner.next(call);
    };
    expect(idOf("", paris)).to.not.equal(idOf("", tokyo));
    expect(idOf("First turn.", paris)).to.not.equal(idOf("Second turn.", paris));
    expect(idOf("", paris)).to.equal(idOf("", paris));
  });
});
