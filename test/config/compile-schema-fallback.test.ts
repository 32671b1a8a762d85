import { expect } from "chai";
import retry from "../../plugins/retry/index.js";
import configSchema from "../../schemas/llm.config.schema.json" with { type: "json" };
import { compileSchema } from "../../src/config/compile-schema.js";
import { PRECOMPILED_VALIDATORS } from "../../src/config/precompiled-validators/index.js";
import { schemaFingerprint } from "../../src/config/schema-fingerprint.js";

const precompiled = (schema: object, useDefaults: boolean) =>
  PRECOMPILED_VALIDATORS.has(schemaFingerprint(schema, useDefaults));

/** A third-party plugin's options schema: nothing precompiled covers it. */
const acmeSchema = {
  type: "object",
  additionalProperties: false,
  required: ["endpoint"],
  properties: {
    endpoint: { type: "string", format: "uri" },
    level: { type: "integer", minimum: 0, default: 2 },
    tags: { type: "array", items: { type: "string" }, default: [] },
  },
};

describe("compileSchema for a schema with no precompiled validator", () => {
  it("compiles a third-party schema with ajv: defaults filled, problems described", () => {
    expect(precompiled(acmeSchema, true)).to.equal(false);
    const validate = compileSchema(acmeSchema, { useDefaults: true });
    const options: Record<string, unknown> = { endpoint: "https://acme.test/v1" };
    expect(validate(options)).to.deep.equal([]);
    expect(options).to.deep.equal({ endpoint: "https://acme.test/v1", level: 2, tags: [] });
    expect(validate({ endpoint: "not a uri", levle: 1, tags: [3] })).to.deep.equal([
      {
        pointer: "/levle",
        message: 'unknown key "levle" (did you mean "level"? allowed: endpoint, level, tags)',
      },
      { pointer: "/endpoint", message: "must be a valid uri" },
      { pointer: "/tags/0", message: "must be a string (got integer)" },
    ]);
  });

  it("never answers for an edited built-in schema with the stale precompiled validator", () => {
    const edited = {
      ...retry.optionsSchema,
      properties: {
        ...(retry.optionsSchema.properties as object),
        budget: { type: "integer", default: 5 },
      },
    };
    expect(precompiled(retry.optionsSchema, true)).to.equal(true);
    expect(precompiled(edited, true)).to.equal(false);
    const options: Record<string, unknown> = { maxRetries: 2 };
    expect(compileSchema(edited, { useDefaults: true })(options)).to.deep.equal([]);
    expect(options).to.include({ maxRetries: 2, budget: 5 });
    const stale = compileSchema(retry.optionsSchema, { useDefaults: true })({ budget: 5 });
    expect(stale.map(({ pointer }) => pointer)).to.deep.equal(["/budget"]);
    expect(stale[0].message).to.match(/^unknown key "budget"/);
  });

  it("compiles an edited config schema without defaults, with the same messages as the precompiled one", () => {
    const edited = { ...configSchema, description: "edited" };
    expect(precompiled(configSchema, false)).to.equal(true);
    expect(precompiled(edited, false)).to.equal(false);
    const bad = { logging: { level: "loud" }, clients: { default: { modle: "m" } } };
    const problems = compileSchema(edited)(bad);
    expect(problems).to.deep.equal(compileSchema(configSchema)(bad));
    expect(problems).to.have.length(3);
    const config = { logging: {}, clients: { default: { model: "m" } } };
    expect(compileSchema(edited)(config)).to.deep.equal([]);
    expect(config).to.deep.equal({ logging: {}, clients: { default: { model: "m" } } });
  });

  it("rejects an invalid schema with ajv's meta-schema reason, with defaults or without", () => {
    for (const useDefaults of [true, false]) {
      expect(() =>
        compileSchema({ type: "object", properties: { a: { type: "strnig" } } }, { useDefaults }),
      ).to.throw(
        Error,
        /^invalid JSON Schema: schema is invalid: data\/properties\/a\/type must be equal to one of the allowed values/,
      );
    }
  });
});
