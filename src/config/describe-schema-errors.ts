import type { ErrorObject } from "ajv";
import { suggestClosest } from "./suggest-closest.js";

/** One way a value fails a schema: where (a JSON pointer into the value) and what to change. */
export interface SchemaProblem {
  /** JSON pointer into the validated value; "" is the value itself. */
  pointer: string;
  message: string;
}

const ARTICLES: Record<string, string> = {
  string: "a string",
  integer: "an integer",
  number: "a number",
  boolean: "a boolean",
  object: "an object",
  array: "an array",
  null: "null",
};

/** Escapes one key for a JSON pointer (RFC 6901). */
export function escapePointerToken(key: string): string {
  return key.replaceAll("~", "~0").replaceAll("/", "~1");
}

/** The kind of a value, never the value itself (it may be a secret). */
function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

function describeType(error: ErrorObject): string {
  const types = ([] as string[]).concat(error.params.type as string | string[]);
  const wanted = types.map((type) => ARTICLES[type] ?? type).join(" or ");
  return `must be ${wanted} (got ${kindOf(error.data)})`;
}

function describeUnknownKey(error: ErrorObject): string {
  const key = String(error.params.additionalProperty);
  const properties = (error.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties;
  const allowed = Object.keys(properties ?? {});
  if (allowed.length === 0) return `unknown key "${key}"`;
  const closest = suggestClosest(key, allowed);
  const hint = closest ? `did you mean "${closest}"? ` : "";
  return `unknown key "${key}" (${hint}allowed: ${allowed.join(", ")})`;
}

function describeLength(error: ErrorObject, noun: string): string {
  const limit = Number(error.params.limit);
  const atLeast = error.keyword.startsWith("min");
  if (atLeast && limit === 1)
    return noun === "characters" ? "must not be empty" : `must have at least 1 ${noun}`;
  return `must have ${atLeast ? "at least" : "at most"} ${limit} ${noun}`;
}

/** A human sentence for one ajv error, naming allowed keys, types and limits, never the value. */
function describe(error: ErrorObject): string {
  switch (error.keyword) {
    case "type":
      return describeType(error);
    case "required":
      return `missing required key "${error.params.missingProperty}"`;
    case "additionalProperties":
      return describeUnknownKey(error);
    case "enum":
      return `must be one of: ${(error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`;
    case "const":
      return `must be ${JSON.stringify(error.params.allowedValue)}`;
    case "minimum":
    case "maximum":
    case "exclusiveMinimum":
    case "exclusiveMaximum":
      return `must be ${error.params.comparison} ${error.params.limit}`;
    case "minLength":
    case "maxLength":
      return describeLength(error, "characters");
    case "minItems":
    case "maxItems":
      return describeLength(error, "items");
    case "minProperties":
    case "maxProperties":
      return describeLength(error, "keys");
    case "pattern":
      return `must match the pattern ${error.params.pattern}`;
    case "format":
      return `must be a valid ${error.params.format}`;
    case "not":
    case "false schema":
      return "is not allowed here";
    default:
      return error.message ?? `fails the schema's "${error.keyword}" rule`;
  }
}

/** Pointer and message for an error about a key's name (from `propertyNames`). */
function describeKeyName(error: ErrorObject & { propertyName: string }): SchemaProblem {
  const pointer = `${error.instancePath}/${escapePointerToken(error.propertyName)}`;
  const reason =
    error.keyword === "not" ? "is reserved (__proto__, constructor, prototype)" : describe(error);
  return { pointer, message: `key "${error.propertyName}" ${reason}` };
}

function toProblem(error: ErrorObject): SchemaProblem | undefined {
  const { propertyName } = error as ErrorObject & { propertyName?: string };
  if (propertyName !== undefined) return describeKeyName({ ...error, propertyName });
  // Summaries of errors already reported one by one.
  if (error.keyword === "propertyNames" || error.keyword === "if") return undefined;
  if (error.keyword === "additionalProperties") {
    const key = escapePointerToken(String(error.params.additionalProperty));
    return { pointer: `${error.instancePath}/${key}`, message: describe(error) };
  }
  return { pointer: error.instancePath, message: describe(error) };
}

/**
 * Turns ajv errors (from an instance with `verbose`, for the allowed keys) into problems, one per
 * pointer and message. A key's name is reported once, even when several rules reject it.
 */
export function describeSchemaErrors(errors: readonly ErrorObject[]): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const seen = new Set<string>();
  // A reserved key also fails the name pattern; say "reserved", the more useful of the two.
  const ordered = [...errors].sort((a, b) => Number(b.keyword === "not") - Number(a.keyword === "not"));
  for (const error of ordered) {
    const problem = toProblem(error);
    if (!problem) continue;
    const isKeyName = (error as { propertyName?: string }).propertyName !== undefined;
    const key = isKeyName ? `key:${problem.pointer}` : `${problem.pointer}\u0000${problem.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(problem);
  }
  return problems;
}
