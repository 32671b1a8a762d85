import { expect } from "chai";
import { convertJsonSchemaToGoogleSchema } from "../../../plugins/google/convert-json-schema-to-google-schema.js";
import { REALISTIC_TOOLS } from "./realistic-tool-schemas.js";

const FORBIDDEN = [
  "$ref",
  "$defs",
  "definitions",
  "$schema",
  "additionalProperties",
  "const",
  "default",
  "oneOf",
  "allOf",
  "exclusiveMinimum",
  "exclusiveMaximum",
];

/** Every rule of Gemini's OpenAPI subset that made real requests fail with a 400 (Gemini accepts only its OpenAPI subset for tool schemas on v1). */
function findViolations(node: unknown, path = "#"): string[] {
  if (typeof node !== "object" || node === null) return [];
  const schema = node as Record<string, unknown>;
  const found = FORBIDDEN.filter((keyword) => keyword in schema).map((keyword) => `${path}: ${keyword}`);
  if (Array.isArray(schema.type) || schema.type === "null")
    found.push(`${path}: type ${JSON.stringify(schema.type)}`);
  if (
    schema.anyOf &&
    Object.keys(schema).some((key) => !["anyOf", "nullable", "description", "title"].includes(key))
  ) {
    found.push(`${path}: anyOf beside other keywords`);
  }
  if (Array.isArray(schema.enum) && schema.enum.some((value) => typeof value !== "string"))
    found.push(`${path}: enum`);
  for (const [name, property] of Object.entries((schema.properties ?? {}) as Record<string, unknown>)) {
    found.push(...findViolations(property, `${path}/properties/${name}`));
  }
  if (schema.items) found.push(...findViolations(schema.items, `${path}/items`));
  for (const [index, member] of ((schema.anyOf ?? []) as unknown[]).entries()) {
    found.push(...findViolations(member, `${path}/anyOf/${index}`));
  }
  return found;
}

describe("convertJsonSchemaToGoogleSchema", () => {
  for (const tool of REALISTIC_TOOLS) {
    it(`leaves nothing Gemini refuses in the ${tool.function.name} schema`, () => {
      expect(findViolations(convertJsonSchemaToGoogleSchema(tool.function.parameters ?? {}))).to.deep.equal(
        [],
      );
    });
  }

  it("strips additionalProperties and $schema from an MCP tool schema and keeps the rest", () => {
    expect(convertJsonSchemaToGoogleSchema(REALISTIC_TOOLS[0].function.parameters ?? {})).to.deep.equal({
      type: "object",
      properties: {
        path: { type: "string" },
        head: { type: "number", description: "If provided, returns only the first N lines of the file" },
      },
      required: ["path"],
    });
  });

  it("inlines $ref definitions, turns const into enum and anyOf-with-null into nullable (zod output)", () => {
    const converted = convertJsonSchemaToGoogleSchema(REALISTIC_TOOLS[1].function.parameters ?? {});
    const properties = converted.properties as Record<string, unknown>;
    expect(properties.start).to.deep.equal({ type: "string", format: "date-time", description: "ISO 8601" });
    expect(properties.kind).to.deep.equal({ type: "string", enum: ["meeting"] });
    expect(properties.location).to.deep.equal({
      nullable: true,
      type: "string",
      description: "(default: null)",
    });
    expect(properties.attendees).to.deep.equal({
      type: "array",
      maxItems: 50,
      items: {
        type: "object",
        required: ["email"],
        properties: {
          email: { type: "string", description: "(format: email)" },
          optional: { type: "boolean" },
        },
      },
    });
  });

  it("turns a type array with null into nullable and keeps a non-string enum as a description hint (pydantic output)", () => {
    const converted = convertJsonSchemaToGoogleSchema(REALISTIC_TOOLS[2].function.parameters ?? {});
    const properties = converted.properties as Record<string, Record<string, unknown>>;
    expect(properties.sort).to.deep.equal({
      type: "string",
      enum: ["relevance", "price_asc", "price_desc"],
      title: "SortOrder",
    });
    expect(properties.max_price).to.deep.equal({ type: "number", nullable: true, minimum: 0 });
    expect(properties.page_size).to.deep.equal({ type: "integer", description: "(one of: 10, 20, 50)" });
    expect(properties.filters.properties).to.deep.equal({
      brand: { type: "array", items: { type: "string" } },
      in_stock: { type: "boolean", description: "(default: true)" },
    });
  });

  it("turns oneOf into anyOf, merges allOf, and keeps a free-form map as an open object", () => {
    const converted = convertJsonSchemaToGoogleSchema(REALISTIC_TOOLS[3].function.parameters ?? {});
    const properties = converted.properties as Record<string, Record<string, unknown>>;
    expect(properties.channel.anyOf).to.have.length(2);
    expect((properties.channel.anyOf as Record<string, unknown>[])[0]).to.deep.equal({
      type: "object",
      properties: { type: { type: "string", enum: ["email"] }, address: { type: "string" } },
    });
    expect(properties.message).to.deep.equal({
      type: "object",
      properties: { subject: { type: "string" }, body: { type: "string" } },
      required: ["subject", "body"],
    });
    expect(properties.metadata).to.deep.equal({ type: "object" });
  });

  it("splits a type array of several types into anyOf", () => {
    expect(
      convertJsonSchemaToGoogleSchema({ type: ["string", "integer", "null"], description: "id" }),
    ).to.deep.equal({
      anyOf: [
        { type: "string", description: "id" },
        { type: "integer", description: "id" },
      ],
      nullable: true,
      description: "id",
    });
  });

  it("cuts a recursive $ref to an open object instead of looping", () => {
    const tree = {
      type: "object",
      properties: { root: { $ref: "#/$defs/Node" } },
      $defs: {
        Node: {
          type: "object",
          properties: {
            name: { type: "string" },
            children: { type: "array", items: { $ref: "#/$defs/Node" } },
          },
        },
      },
    };
    const converted = convertJsonSchemaToGoogleSchema(tree);
    const root = (converted.properties as Record<string, Record<string, unknown>>).root;
    expect(root.properties).to.deep.equal({
      name: { type: "string" },
      children: { type: "array", items: { type: "object" } },
    });
  });
});
