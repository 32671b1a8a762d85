import { expect } from "chai";
import { OTEL_OPTIONS_SCHEMA } from "../../../plugins/otel/otel-options.js";
import { expectDocumentedOptions, expectSchemaFileMatches } from "../../resilience/check-options-schema.js";

describe("the otel plugin's options schema", () => {
  it("is the one written to schemas/otel.options.schema.json", () => {
    expectSchemaFileMatches(
      OTEL_OPTIONS_SCHEMA,
      new URL("../../../schemas/otel.options.schema.json", import.meta.url),
    );
  });

  it("gives every option a description and a default, closes the object, and records no content by default", () => {
    expectDocumentedOptions(OTEL_OPTIONS_SCHEMA);
    expect(OTEL_OPTIONS_SCHEMA.additionalProperties).to.equal(false);
    expect(OTEL_OPTIONS_SCHEMA.properties.captureContent.default).to.equal(false);
  });
});
