import type { JsonSchema } from "../../src/index.js";

/**
 * Translates a JSON Schema into Gemini's OpenAPI-3.0 `Schema` subset, for APIs that do not take
 * `parametersJsonSchema`. Gemini answers 400 to the whole request for `$ref`, `additionalProperties`,
 * `default`, `const`, type arrays and `anyOf` beside `type`, so: local `$ref`s are
 * inlined, `const` becomes a one-value `enum`, `null` in a type array or a union becomes
 * `nullable`, `oneOf` becomes `anyOf`, `allOf` of objects is merged, and what Gemini cannot
 * express is dropped, or kept as a hint in `description` when it constrains the value.
 */
export function convertJsonSchemaToGoogleSchema(schema: JsonSchema): JsonSchema {
  const definitions = { ...asRecord(schema.definitions), ...asRecord(schema.$defs) };
  return convertNode(schema, { definitions, resolving: [] });
}

interface Scope {
  definitions: Record<string, unknown>;
  /** `$ref`s being inlined on the current path, to cut recursive schemas. */
  resolving: string[];
}

const KEPT_KEYWORDS = new Set([
  "description",
  "example",
  "maxItems",
  "maxLength",
  "maxProperties",
  "maximum",
  "minItems",
  "minLength",
  "minProperties",
  "minimum",
  "pattern",
  "propertyOrdering",
  "required",
  "title",
]);

/** Gemini accepts these formats only (`enum` and `date-time` for strings, widths for numbers). */
const KEPT_FORMATS = new Set(["enum", "date-time", "int32", "int64", "float", "double"]);

function convertNode(node: unknown, scope: Scope): JsonSchema {
  const schema = asRecord(node);
  if (typeof schema.$ref === "string") return inlineReference(schema, scope);
  if (Array.isArray(schema.allOf)) return convertNode(mergeAllOf(schema), scope);
  const result: JsonSchema = {};
  const hints: string[] = [];
  for (const [keyword, value] of Object.entries(schema)) {
    if (KEPT_KEYWORDS.has(keyword)) result[keyword] = value;
  }
  applyType(schema, result, scope);
  // Gemini refuses `anyOf` beside other keywords (the SDK throws on `type` beside it).
  if (result.anyOf !== undefined) return pick(result, ["anyOf", "nullable", "description", "title"]);
  applyEnum(schema, result, hints);
  if (typeof schema.format === "string") {
    if (KEPT_FORMATS.has(schema.format)) result.format = schema.format;
    else hints.push(`format: ${schema.format}`);
  }
  if (schema.default !== undefined) hints.push(`default: ${JSON.stringify(schema.default)}`);
  if (typeof schema.exclusiveMinimum === "number") result.minimum = schema.exclusiveMinimum;
  if (typeof schema.exclusiveMaximum === "number") result.maximum = schema.exclusiveMaximum;
  if (result.example === undefined && Array.isArray(schema.examples)) result.example = schema.examples[0];
  if (schema.properties !== undefined) result.properties = convertProperties(schema.properties, scope);
  if (schema.items !== undefined && !Array.isArray(schema.items))
    result.items = convertNode(schema.items, scope);
  if (hints.length > 0)
    result.description = [result.description, `(${hints.join("; ")})`].filter(Boolean).join(" ");
  return result;
}

function convertProperties(properties: unknown, scope: Scope): Record<string, JsonSchema> {
  const converted: Record<string, JsonSchema> = {};
  for (const [name, property] of Object.entries(asRecord(properties))) {
    converted[name] = convertNode(property, scope);
  }
  return converted;
}

/** `type`, type arrays and unions (`anyOf`/`oneOf`), with `null` turned into `nullable`. */
function applyType(schema: JsonSchema, result: JsonSchema, scope: Scope): void {
  const union = Array.isArray(schema.anyOf)
    ? schema.anyOf
    : Array.isArray(schema.oneOf)
      ? schema.oneOf
      : undefined;
  if (union !== undefined) {
    const members = union.filter((member) => asRecord(member).type !== "null");
    if (members.length < union.length) result.nullable = true;
    if (members.length === 1) {
      for (const [keyword, value] of Object.entries(convertNode(members[0], scope))) {
        if (result[keyword] === undefined) result[keyword] = value;
      }
      return;
    }
    result.anyOf = members.map((member) => convertNode(member, scope));
    return;
  }
  if (schema.const !== undefined && schema.type === undefined) result.type = jsonTypeOf(schema.const);
  if (typeof schema.type === "string" && schema.type !== "null") result.type = schema.type;
  if (Array.isArray(schema.type)) {
    const types = schema.type.filter((type): type is string => typeof type === "string" && type !== "null");
    if (types.length < schema.type.length) result.nullable = true;
    if (types.length === 1) result.type = types[0];
    if (types.length > 1) result.anyOf = types.map((type) => convertNode({ ...schema, type }, scope));
  }
  if (schema.nullable === true) result.nullable = true;
}

/** Gemini's `enum` holds strings only: other values (and `const`) become a description hint. */
function applyEnum(schema: JsonSchema, result: JsonSchema, hints: string[]): void {
  const values = Array.isArray(schema.enum)
    ? schema.enum
    : schema.const !== undefined
      ? [schema.const]
      : undefined;
  if (values === undefined) return;
  const present = values.filter((value) => value !== null);
  if (present.length < values.length) result.nullable = true;
  if (present.every((value) => typeof value === "string")) {
    result.enum = present;
    result.type = "string";
    return;
  }
  hints.push(`one of: ${present.map((value) => JSON.stringify(value)).join(", ")}`);
}

function inlineReference(schema: JsonSchema, scope: Scope): JsonSchema {
  const reference = schema.$ref as string;
  const name = /^#\/(?:\$defs|definitions)\/(.+)$/.exec(reference)?.[1];
  const target = name === undefined ? undefined : scope.definitions[decodeURIComponent(name)];
  const { $ref: _reference, ...siblings } = schema;
  if (target === undefined || scope.resolving.includes(reference)) {
    // A remote or recursive reference cannot be inlined: Gemini gets an open object instead.
    return convertNode({ type: "object", ...siblings }, scope);
  }
  const inner = { ...scope, resolving: [...scope.resolving, reference] };
  return convertNode({ ...asRecord(target), ...siblings }, inner);
}

/** Merges `allOf` members (objects with properties, the usual zod and pydantic output) into one. */
function mergeAllOf(schema: JsonSchema): JsonSchema {
  const { allOf, ...rest } = schema;
  const merged: JsonSchema = { ...rest };
  for (const member of allOf as unknown[]) {
    const part = asRecord(member);
    merged.properties = { ...asRecord(merged.properties), ...asRecord(part.properties) };
    const required = [...asArray(merged.required), ...asArray(part.required)];
    if (required.length > 0) merged.required = [...new Set(required)];
    for (const [keyword, value] of Object.entries(part)) {
      if (keyword !== "properties" && keyword !== "required" && merged[keyword] === undefined)
        merged[keyword] = value;
    }
  }
  if (Object.keys(asRecord(merged.properties)).length === 0) delete merged.properties;
  return merged;
}

function pick(schema: JsonSchema, keywords: string[]): JsonSchema {
  const picked: JsonSchema = {};
  for (const keyword of keywords) if (schema[keyword] !== undefined) picked[keyword] = schema[keyword];
  return picked;
}

function jsonTypeOf(value: unknown): string {
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  if (typeof value === "boolean") return "boolean";
  if (Array.isArray(value)) return "array";
  return typeof value === "object" && value !== null ? "object" : "string";
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
