import { expect } from "chai";
import { REDACTED, redactSecretKeys } from "../../src/logging/redact-secret-keys.js";

describe("redactSecretKeys", () => {
  it("returns the very same object when it holds no credential key", () => {
    const value = { provider: "openai", usage: { promptTokens: 3 }, list: [1, { a: "b" }] };
    expect(redactSecretKeys(value)).to.equal(value);
  });

  it("replaces credential keys in any case, in nested objects and arrays, copying only what changes", () => {
    const untouched = { model: "m" };
    const value = {
      APIKEY: "k1",
      untouched,
      attempts: [{ headers: { Authorization: "Bearer k2", "content-type": "json" } }, { ok: true }],
    };
    const redacted = redactSecretKeys(value);
    expect(redacted).to.deep.equal({
      APIKEY: REDACTED,
      untouched: { model: "m" },
      attempts: [{ headers: { Authorization: REDACTED, "content-type": "json" } }, { ok: true }],
    });
    expect(redacted.untouched).to.equal(untouched);
    expect(value.attempts[0]).to.deep.include({
      headers: { Authorization: "Bearer k2", "content-type": "json" },
    });
  });

  it("leaves class instances (errors, Maps) and values that are not objects alone", () => {
    const error = Object.assign(new Error("x"), { apiKey: "k" });
    expect(redactSecretKeys({ err: error }).err).to.equal(error);
    expect(redactSecretKeys("apiKey")).to.equal("apiKey");
    expect(redactSecretKeys(null)).to.equal(null);
  });

  it("stops below depth 6, so a cyclic object cannot loop", () => {
    const cyclic: Record<string, unknown> = { apiKey: "k" };
    cyclic.self = cyclic;
    const redacted = redactSecretKeys(cyclic) as Record<string, unknown>;
    expect(redacted.apiKey).to.equal(REDACTED);
  });
});
