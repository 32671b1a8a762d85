import { Ajv, type Options } from "ajv";
import addFormats from "ajv-formats";
import { describeSchemaErrors, type SchemaProblem } from "./describe-schema-errors.js";

export type { SchemaProblem } from "./describe-schema-errors.js";

/** Validates a value; returns every problem found (empty when valid). */
export type SchemaValidator = (value: unknown) => SchemaProblem[];

/** Problems shown in one message; the rest are counted. */
export const MAX_SHOWN_PROBLEMS = 20;

const AJV_OPTIONS: Options = {
  allErrors: true,
  strict: true,
  // `oneOf: [{ required: ["a"] }, { required: ["b"] }]` with the properties declared beside the
  // oneOf is plain JSON Schema; strictRequired would reject it.
  strictRequired: false,
  // `"type": ["string", "object"]` is the plainest way to say "a name or an object".
  allowUnionTypes: true,
  // Gives each error its parent schema, to list the allowed keys. Messages never quote the data.
  verbose: true,
  // No `$data` references: a config value never becomes part of a schema (RELIABILITY I5).
  $data: false,
  coerceTypes: false,
};

// ajv takes `useDefaults` per instance, not per schema: one shared instance for each setting.
const instances = new Map<boolean, Ajv>();

function sharedAjv(useDefaults: boolean): Ajv {
  let ajv = instances.get(useDefaults);
  if (!ajv) {
    ajv = new Ajv({ ...AJV_OPTIONS, useDefaults });
    // ajv-formats' default export is mistyped under NodeNext; `.default` is the same function.
    addFormats.default(ajv);
    instances.set(useDefaults, ajv);
  }
  return ajv;
}

/**
 * Compiles a draft-07 JSON Schema once; call the result per value. With `useDefaults`, defaults
 * from the schema are written into the value being validated, so pass a mutable copy (a resolved
 * config is frozen). Throws an Error giving ajv's reason when the schema itself is invalid.
 */
export function compileSchema(schema: object, options: { useDefaults?: boolean } = {}): SchemaValidator {
  const ajv = sharedAjv(options.useDefaults === true);
  let validate: ReturnType<Ajv["compile"]>;
  try {
    validate = ajv.compile(schema);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`invalid JSON Schema: ${reason}`, { cause: error });
  }
  return (value) => (validate(value) ? [] : describeSchemaErrors(validate.errors ?? []));
}

/**
 * One line per problem (`<file> at <pointer>: <message>`), at most MAX_SHOWN_PROBLEMS, then how
 * many more there are.
 */
export function formatSchemaProblems(problems: readonly SchemaProblem[], file?: string): string {
  const lines = problems.slice(0, MAX_SHOWN_PROBLEMS).map((problem) => {
    const where = [file, problem.pointer || "the top level"].filter(Boolean).join(" at ");
    return `${where}: ${problem.message}`;
  });
  const hidden = problems.length - MAX_SHOWN_PROBLEMS;
  if (hidden > 0) lines.push(`...and ${hidden} more problem${hidden === 1 ? "" : "s"}`);
  return lines.join("\n");
}
