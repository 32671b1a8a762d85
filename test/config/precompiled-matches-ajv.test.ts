import { expect } from "chai";
import fc from "fast-check";
import {
  type BuiltinSchema,
  collectBuiltinSchemas,
} from "../../scripts/compile-schemas/collect-builtin-schemas.js";
import { compileSchema, type PrecompiledValidator } from "../../src/config/compile-schema.js";
import { compileWithAjv } from "../../src/config/compile-with-ajv.js";
import { describeSchemaErrors } from "../../src/config/describe-schema-errors.js";
import { PRECOMPILED_VALIDATORS } from "../../src/config/precompiled-validators/index.js";
import { schemaFingerprint } from "../../src/config/schema-fingerprint.js";
import { nearSchemaValue } from "./support/near-schema-value.js";

const root = new URL("../../", import.meta.url).pathname;

/** What a validator makes of a value: the verdict, ajv's raw errors and the value after defaults. */
function outcome(validate: PrecompiledValidator, value: unknown) {
  const data = structuredClone(value);
  const valid = validate(data);
  return { valid, errors: valid ? null : validate.errors, data };
}

/** Configs with one or more mistakes each, at every depth of the config schema. */
const BAD_CONFIGS: unknown[] = [
  [],
  "openai",
  { plugins: "retry" },
  { plugins: ["", { use: "retry", option: {} }, { options: {} }, 3] },
  { pluigns: [] },
  { providers: { "bad/name": { type: "openai" }, ok: { type: "OpenAI", apiKey: "" } } },
  JSON.parse('{"providers": {"__proto__": {"type": "openai"}}, "clients": {"constructor": {"model": "m"}}}'),
  { providers: { p: { headers: { "x-a": 1, prototype: "v" }, timeoutMs: 0 } } },
  { providers: { p: { type: "openai", timeoutMs: 2 ** 31 } } },
  { clients: { default: {} } },
  {
    clients: { default: { model: "m", fallbacks: [{}, { model: "" }, { model: "m", params: [] }], temp: 1 } },
  },
  { clients: { default: { model: "m", timeoutMs: 1.5, idleTimeoutMs: "60000" } } },
  { logging: { level: "verbose", format: "json" } },
  { files: { maxBytes: 0, allowedRoots: [""] } },
  { files: { allowedRoots: Array.from({ length: 101 }, () => "a") } },
];

describe("precompiled validators and ajv-compiled ones", () => {
  let builtins: BuiltinSchema[];

  before(async () => {
    builtins = await collectBuiltinSchemas(root);
  });

  function precompiledFor({ schema, useDefaults }: BuiltinSchema): PrecompiledValidator {
    const validate = PRECOMPILED_VALIDATORS.get(schemaFingerprint(schema, useDefaults));
    if (!validate) throw new Error("no precompiled validator: the precompiled-validators test says why");
    return validate;
  }

  it("give the same problems for a set of bad configs", () => {
    const config = builtins.find(({ source }) => source === "schemas/llm.config.schema.json")!;
    const precompiled = precompiledFor(config);
    const ajvCompiled = compileWithAjv(config.schema, false);
    const validate = compileSchema(config.schema);
    for (const bad of BAD_CONFIGS) {
      const ours = outcome(precompiled, bad);
      const ajvs = outcome(ajvCompiled, bad);
      expect(ours.valid, JSON.stringify(bad)).to.equal(false);
      expect(ours, JSON.stringify(bad)).to.deep.equal(ajvs);
      expect(validate(structuredClone(bad)), JSON.stringify(bad)).to.deep.equal(
        describeSchemaErrors(ajvs.errors ?? []),
      );
    }
  });

  it("agree on verdict, errors and filled-in defaults for values near every built-in schema", function () {
    this.timeout(60_000);
    for (const builtin of builtins) {
      const precompiled = precompiledFor(builtin);
      const ajvCompiled = compileWithAjv(builtin.schema, builtin.useDefaults);
      const verdicts = new Set<boolean>();
      fc.assert(
        fc.property(nearSchemaValue(builtin.schema), (value) => {
          const ours = outcome(precompiled, value);
          expect(ours, builtin.source).to.deep.equal(outcome(ajvCompiled, value));
          if (!ours.valid) {
            expect(describeSchemaErrors(ours.errors ?? [])).to.have.length.greaterThan(0);
          }
          verdicts.add(ours.valid);
        }),
        { seed: 20_251_125, numRuns: 300 },
      );
      // Both kinds of value were tried, so neither side was compared on one branch only.
      expect([...verdicts].sort(), builtin.source).to.deep.equal([false, true]);
    }
  });
});
