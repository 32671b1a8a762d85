import type { ErrorObject } from "ajv";
import { compileWithAjv } from "./compile-with-ajv.js";
import { describeSchemaErrors, type SchemaProblem } from "./describe-schema-errors.js";
import { PRECOMPILED_VALIDATORS } from "./precompiled-validators/index.js";
import { schemaFingerprint } from "./schema-fingerprint.js";

export type { SchemaProblem } from "./describe-schema-errors.js";

/** Validates a value; returns every problem found (empty when valid). */
export type SchemaValidator = (value: unknown) => SchemaProblem[];

/** A validate function as ajv makes it: true when the value passes, else false with `errors` set. */
export interface PrecompiledValidator {
  (value: unknown): boolean;
  errors?: ErrorObject[] | null;
}

/** Problems shown in one message; the rest are counted. */
export const MAX_SHOWN_PROBLEMS = 20;

/**
 * Compiles a draft-07 JSON Schema once; call the result per value. With `useDefaults`, defaults
 * from the schema are written into the value being validated, so pass a mutable copy (a resolved
 * config is frozen). Throws an Error giving ajv's reason when the schema itself is invalid.
 *
 * The runtime's own schemas (the config's and the built-in plugins') were compiled ahead of time by
 * scripts/compile-schemas.ts and are found by fingerprint; any other schema, or one edited since,
 * is compiled by ajv, which is loaded only then.
 */
export function compileSchema(schema: object, options: { useDefaults?: boolean } = {}): SchemaValidator {
  const useDefaults = options.useDefaults === true;
  let validate = PRECOMPILED_VALIDATORS.get(schemaFingerprint(schema, useDefaults));
  if (!validate) {
    try {
      validate = compileWithAjv(schema, useDefaults);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`invalid JSON Schema: ${reason}`, { cause: error });
    }
  }
  const check = validate;
  return (value) => (check(value) ? [] : describeSchemaErrors(check.errors ?? []));
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
