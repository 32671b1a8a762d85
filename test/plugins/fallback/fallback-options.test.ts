import { expect } from "chai";
import { FALLBACK_OPTIONS_SCHEMA } from "../../../plugins/fallback/fallback-options.js";
import { expectDocumentedOptions, expectSchemaFileMatches } from "../../resilience/check-options-schema.js";

describe("the fallback plugin's options schema", () => {
  it("is the one written to schemas/fallback.options.schema.json", () => {
    expectSchemaFileMatches(
      FALLBACK_OPTIONS_SCHEMA,
      new URL("../../../schemas/fallback.options.schema.json", import.meta.url),
    );
  });

  it("gives every option a description and a default, and closes the object", () => {
    expectDocumentedOptions(FALLBACK_OPTIONS_SCHEMA);
    expect(FALLBACK_OPTIONS_SCHEMA.additionalProperties).to.equal(false);
  });

  it("accepts every provider error kind except aborts", () => {
    expect(FALLBACK_OPTIONS_SCHEMA.properties.fallbackOn.items.enum).not.to.include("aborted");
    expect(FALLBACK_OPTIONS_SCHEMA.properties.fallbackOn.items.enum).to.include.members([
      "authentication",
      "timeout",
    ]);
  });
});
