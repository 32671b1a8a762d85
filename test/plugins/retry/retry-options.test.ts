import { expect } from "chai";
import { RETRY_OPTIONS_SCHEMA } from "../../../plugins/retry/retry-options.js";
import { PROVIDER_ERROR_CODES } from "../../../src/index.js";
import { expectDocumentedOptions, expectSchemaFileMatches } from "../../resilience/check-options-schema.js";

describe("the retry plugin's options schema", () => {
  it("is the one written to schemas/retry.options.schema.json", () => {
    expectSchemaFileMatches(
      RETRY_OPTIONS_SCHEMA,
      new URL("../../../schemas/retry.options.schema.json", import.meta.url),
    );
  });

  it("gives every option a description and a default, and closes the object", () => {
    expectDocumentedOptions(RETRY_OPTIONS_SCHEMA);
    expect(RETRY_OPTIONS_SCHEMA.additionalProperties).to.equal(false);
    expect(RETRY_OPTIONS_SCHEMA.properties.retries.additionalProperties).to.equal(false);
  });

  it("defaults to the application's policy: 1 retry, 1000 ms, factor 2, capped at 8 s, provider delays up to 60 s", () => {
    const { properties } = RETRY_OPTIONS_SCHEMA;
    expect([
      properties.maxRetries.default,
      properties.initialDelayMs.default,
      properties.backoffFactor.default,
      properties.maxDelayMs.default,
      properties.maxRetryAfterMs.default,
    ]).to.deep.equal([1, 1000, 2, 8000, 60_000]);
  });

  it("takes a per-kind count for every provider error kind except aborts", () => {
    expect(Object.keys(RETRY_OPTIONS_SCHEMA.properties.retries.properties)).to.deep.equal(
      PROVIDER_ERROR_CODES.filter((code) => code !== "aborted"),
    );
  });
});
