import type { Options } from "ajv";

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
