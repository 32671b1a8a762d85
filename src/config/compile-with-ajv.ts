import { createRequire } from "node:module";
import type { Ajv, CodeOptions, Options, ValidateFunction } from "ajv";
import type { FormatsPlugin } from "ajv-formats";

// ajv and ajv-formats are CommonJS, so they can be required synchronously on the first schema no
// precompiled validator covers (a third-party plugin's). A runtime of built-in plugins never loads
// them: importing them costs ~40 ms, compiling the meta-schema ~25 ms more.
const require = createRequire(import.meta.url);

/**
 * The options every schema is compiled with, at runtime by ajv and ahead of time by
 * scripts/compile-schemas.ts (`useDefaults` is chosen per schema). They are part of a schema's
 * fingerprint, so changing them retires every precompiled validator until the script runs again.
 */
export const AJV_OPTIONS = {
  allErrors: true,
  strict: true,
  // `oneOf: [{ required: ["a"] }, { required: ["b"] }]` with the properties declared beside the
  // oneOf is plain JSON Schema; strictRequired would reject it.
  strictRequired: false,
  // `"type": ["string", "object"]` is the plainest way to say "a name or an object".
  allowUnionTypes: true,
  // Gives each error its parent schema, to list the allowed keys. Messages never quote the data.
  verbose: true,
  // No `$data` references: a config value never becomes part of a schema, so the data being
  // checked cannot change the rules it is checked against.
  $data: false,
  coerceTypes: false,
} as const satisfies Options;

/** A new ajv instance with the runtime's options, `useDefaults` as asked, and ajv-formats' formats. */
export function createAjv(
  useDefaults: boolean,
  extra: { code?: CodeOptions; validateSchema?: boolean } = {},
): Ajv {
  const { Ajv } = require("ajv") as typeof import("ajv");
  const addFormats = require("ajv-formats") as FormatsPlugin;
  const ajv = new Ajv({ ...AJV_OPTIONS, ...extra, useDefaults });
  addFormats(ajv);
  return ajv;
}

// ajv takes `useDefaults` per instance, not per schema, so each setting needs its own. Compiling a
// no-defaults schema on the defaults instance would not do: it would fill defaults into the value,
// pass a `required` key that has a default, and reject a `default` at the schema's root.
let withDefaults: Ajv | undefined;
let withoutDefaults: Ajv | undefined;

/**
 * Compiles a schema with ajv, loading it on first use. Throws ajv's own error when the schema is
 * invalid. Only the defaults instance checks schemas against the meta-schema, so the meta-schema is
 * compiled once; ajv compiles meta-schemas without `useDefaults` whatever the instance's setting,
 * so that check is the same for both.
 */
export function compileWithAjv(schema: object, useDefaults: boolean): ValidateFunction {
  withDefaults ??= createAjv(true);
  if (useDefaults) return withDefaults.compile(schema);
  // The check compile() would have made, with the same "schema is invalid: ..." error.
  withDefaults.validateSchema(schema, true);
  withoutDefaults ??= createAjv(false, { validateSchema: false });
  return withoutDefaults.compile(schema);
}
