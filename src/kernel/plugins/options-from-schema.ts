/**
 * The options type a plugin's `optionsSchema` describes, for `definePlugin` to give `setup`: a
 * schema written `as const` (or inline) types `options` without a separate interface. It reads the
 * parts of JSON Schema an options schema uses: `type`, `enum`, `const`, `properties`, `required`,
 * `items`, `additionalProperties`. A property with a `default` is always present (the kernel fills
 * defaults in before `setup`), as is a `required` one; any other is optional. Anything it cannot
 * read is `unknown`, never a wrong type.
 */
export type OptionsFromSchema<Schema> = Schema extends { properties: infer Properties }
  ? ObjectFromProperties<Properties, RequiredKeys<Schema>> & ExtraProperties<Schema>
  : Schema extends { type: "object" }
    ? ExtraProperties<Schema>
    : Record<string, unknown>;

type RequiredKeys<Schema> = Schema extends { required: readonly (infer Key)[] } ? Key : never;

/** Keys that are always there: required ones, and ones with a default. */
type PresentKeys<Properties, Required> = {
  [Key in keyof Properties]: Key extends Required
    ? Key
    : Properties[Key] extends { default: unknown }
      ? Key
      : never;
}[keyof Properties];

type ObjectFromProperties<Properties, Required> = {
  -readonly [Key in PresentKeys<Properties, Required>]: ValueOf<Properties[Key]>;
} & {
  -readonly [Key in Exclude<keyof Properties, PresentKeys<Properties, Required>>]?: ValueOf<Properties[Key]>;
} extends infer Merged
  ? { [Key in keyof Merged]: Merged[Key] }
  : never;

type ExtraProperties<Schema> = Schema extends { additionalProperties: false }
  ? unknown
  : Schema extends { additionalProperties: infer Extra extends object }
    ? Record<string, ValueOf<Extra>>
    : unknown;

/** The value one (sub)schema describes. */
export type ValueOf<Schema> = Schema extends { const: infer Value }
  ? Value
  : Schema extends { enum: readonly (infer Value)[] }
    ? Value
    : Schema extends { type: readonly (infer Name)[] }
      ? NamedType<Name, Schema>
      : Schema extends { type: infer Name }
        ? NamedType<Name, Schema>
        : unknown;

type NamedType<Name, Schema> = Name extends "string"
  ? string
  : Name extends "number" | "integer"
    ? number
    : Name extends "boolean"
      ? boolean
      : Name extends "null"
        ? null
        : Name extends "array"
          ? Schema extends { items: infer Items }
            ? ValueOf<Items>[]
            : unknown[]
          : Name extends "object"
            ? OptionsFromSchema<Schema>
            : unknown;
