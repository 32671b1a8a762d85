import { readFileSync, writeFileSync } from "node:fs";
import { expect } from "chai";

type Schema = { description?: unknown; default?: unknown; properties?: Record<string, Schema> };

/**
 * `schemas/<name>.options.schema.json` is generated from the plugin's schema object (the guide is
 * built from `schemas/`). Run the test with UPDATE_SCHEMAS=1 to rewrite the file after a change.
 */
export function expectSchemaFileMatches(schema: object, fileUrl: URL): void {
  const text = `${JSON.stringify(schema, null, 2)}\n`;
  if (process.env.UPDATE_SCHEMAS === "1") writeFileSync(fileUrl, text);
  const written = JSON.parse(readFileSync(fileUrl, "utf8"));
  expect(written, `${fileUrl.pathname} is stale: rerun this test with UPDATE_SCHEMAS=1`).to.deep.equal(
    JSON.parse(text),
  );
}

/** Top-level keys need a description and a default; nested keys (per-kind counts) a description. */
export function expectDocumentedOptions(schema: Schema): void {
  for (const [key, property] of Object.entries(schema.properties ?? {})) {
    expect(property.description, `${key} has no description`).to.be.a("string").that.is.not.empty;
    expect(property.default, `${key} has no default`).not.to.equal(undefined);
    for (const [nested, child] of Object.entries(property.properties ?? {})) {
      expect(child.description, `${key}.${nested} has no description`).to.be.a("string").that.is.not.empty;
    }
  }
}
