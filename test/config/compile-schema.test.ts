import { expect } from "chai";
import { compileSchema, formatSchemaProblems, MAX_SHOWN_PROBLEMS } from "../../src/config/compile-schema.js";

const CANARY = "sk-canary-compile-0123456789";

const schema = {
  type: "object",
  additionalProperties: false,
  required: ["model"],
  properties: {
    model: { type: "string", minLength: 1 },
    retries: { type: "integer", minimum: 0, maximum: 10 },
    level: { type: "string", enum: ["warn", "info"] },
    tags: { type: "array", items: { type: "string" }, maxItems: 2 },
    mode: { type: "string", default: "fast" },
  },
};

describe("compileSchema", () => {
  const validate = compileSchema(schema);

  it("returns no problems for a valid value", () => {
    expect(validate({ model: "gpt-4o", retries: 2 })).to.deep.equal([]);
  });

  it("names an unknown key at its own pointer, lists the allowed keys and suggests the closest", () => {
    expect(validate({ model: "m", retires: 2 })).to.deep.equal([
      {
        pointer: "/retires",
        message: 'unknown key "retires" (did you mean "retries"? allowed: model, retries, level, tags, mode)',
      },
    ]);
  });

  it("names a missing required key at the pointer of the object that lacks it", () => {
    expect(validate({})).to.deep.equal([{ pointer: "", message: 'missing required key "model"' }]);
  });

  it("rejects a number written as a string instead of coercing it, naming the kinds but not the value", () => {
    expect(validate({ model: "m", retries: "3" })).to.deep.equal([
      { pointer: "/retries", message: "must be an integer (got string)" },
    ]);
    const problems = validate({
      model: CANARY,
      retries: CANARY,
      level: CANARY,
      tags: [CANARY, CANARY, CANARY],
    });
    expect(JSON.stringify(problems)).not.to.include(CANARY);
    expect(problems).to.have.length(3);
  });

  it("states range limits, allowed enum values and item limits", () => {
    expect(validate({ model: "m", retries: -1, level: "loud", tags: ["a", "b", "c"] })).to.deep.equal([
      { pointer: "/retries", message: "must be >= 0" },
      { pointer: "/level", message: 'must be one of: "warn", "info"' },
      { pointer: "/tags", message: "must have at most 2 items" },
    ]);
    expect(validate({ model: "" })).to.deep.equal([{ pointer: "/model", message: "must not be empty" }]);
  });

  it("reports every problem at once (allErrors)", () => {
    const problems = validate({ retries: 1.5, extra: 1, level: 3 });
    expect(new Set(problems.map((problem) => problem.pointer))).to.deep.equal(
      new Set(["", "/retries", "/extra", "/level"]),
    );
  });

  it("reports a reserved key name in a map, whichever other rule it also breaks", () => {
    const map = compileSchema({
      type: "object",
      propertyNames: { type: "string", pattern: "^[a-z]+$", not: { enum: ["__proto__", "constructor"] } },
    });
    const problems = map(JSON.parse('{"__proto__": 1, "ok": 2}'));
    expect(problems).to.deep.equal([
      { pointer: "/__proto__", message: 'key "__proto__" is reserved (__proto__, constructor, prototype)' },
    ]);
  });

  it("fills defaults into the value only when asked to", () => {
    const withDefaults = compileSchema(schema, { useDefaults: true });
    const value: Record<string, unknown> = { model: "m" };
    expect(withDefaults(value)).to.deep.equal([]);
    expect(value.mode).to.equal("fast");
    const untouched: Record<string, unknown> = { model: "m" };
    validate(untouched);
    expect(untouched).not.to.have.property("mode");
  });

  it("throws with ajv's reason when the schema itself is invalid", () => {
    expect(() => compileSchema({ type: "object", colour: "red" })).to.throw(
      Error,
      /invalid JSON Schema: strict mode: unknown keyword: "colour"/,
    );
    expect(() => compileSchema({ type: "strnig" })).to.throw(Error, /invalid JSON Schema/);
  });

  it("checks formats (ajv-formats is loaded)", () => {
    const uri = compileSchema({ type: "string", format: "uri" });
    expect(uri("http://127.0.0.1:1/v1")).to.deep.equal([]);
    expect(uri("not a uri")).to.deep.equal([{ pointer: "", message: "must be a valid uri" }]);
  });
});

describe("formatSchemaProblems", () => {
  it("writes one line per problem with the file and pointer", () => {
    const text = formatSchemaProblems(
      [
        { pointer: "/a", message: "must be an integer (got string)" },
        { pointer: "", message: 'unknown key "x"' },
      ],
      "llm.config.json",
    );
    expect(text).to.equal(
      'llm.config.json at /a: must be an integer (got string)\nllm.config.json at the top level: unknown key "x"',
    );
  });

  it(`shows at most ${MAX_SHOWN_PROBLEMS} problems and counts the rest`, () => {
    const problems = Array.from({ length: 25 }, (_, index) => ({ pointer: `/${index}`, message: "bad" }));
    const lines = formatSchemaProblems(problems).split("\n");
    expect(lines).to.have.length(MAX_SHOWN_PROBLEMS + 1);
    expect(lines.at(-1)).to.equal("...and 5 more problems");
  });
});
