import { expect } from "chai";
import { scrubCause, scrubGoogleSecrets } from "../../../plugins/google/scrub-google-secrets.js";

describe("scrubGoogleSecrets", () => {
  it("scrubs key= query values, x-goog-api-key headers and Google-shaped keys it was not told about", () => {
    const text = [
      "GET https://generativelanguage.googleapis.com/v1beta/models?key=secret-one&alt=json",
      '{"x-goog-api-key":"secret-two"}',
      "AIzaSyA1234567890abcdefghijklmnopqrstuv",
    ].join("\n");
    const scrubbed = scrubGoogleSecrets(text, []);
    expect(scrubbed).to.not.match(/secret-one|secret-two|AIzaSy/);
    expect(scrubbed).to.contain("?key=[REDACTED]&alt=json");
  });

  it("scrubs a configured secret by value, but not values too short to be a key", () => {
    expect(scrubGoogleSecrets("token my-long-secret here", ["my-long-secret"])).to.equal(
      "token [REDACTED] here",
    );
    expect(scrubGoogleSecrets("a b c", ["b"])).to.equal("a b c");
  });
});

describe("scrubCause", () => {
  it("keeps a clean error as it is and replaces a leaking one with a scrubbed copy", () => {
    const clean = new Error("nothing here");
    expect(scrubCause(clean, ["my-long-secret"])).to.equal(clean);
    const leaking = new TypeError("failed with my-long-secret");
    const copy = scrubCause(leaking, ["my-long-secret"]) as Error;
    expect(copy).to.not.equal(leaking);
    expect(copy.name).to.equal("TypeError");
    expect(copy.message).to.equal("failed with [REDACTED]");
  });
});
