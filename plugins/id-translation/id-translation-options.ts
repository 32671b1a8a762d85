import type { ToolCallIdRule } from "./tool-call-id-rules.js";

/** Options of the id-translation plugin. */
export interface IdTranslationOptions {
  /**
   * Tool-call id rules per provider type, over the ones providers declare with their registration
   * (`toolCallIds`). Default: none (a type that declared no rule gets the portable one,
   * `[A-Za-z0-9_-]`, at most 40 characters).
   */
  rules: Record<string, ToolCallIdRule>;
}

/**
 * JSON Schema of the options (also written to schemas/id-translation.options.schema.json). Rules
 * are a charset name and a length, never a regular expression: nothing from a config is compiled.
 */
export const ID_TRANSLATION_OPTIONS_SCHEMA = {
  $schema: "http://json-schema.org/draft-07/schema#",
  title: "id-translation plugin options",
  description:
    "Rewrites tool-call ids in the history so each provider accepts them (both sides of every pair the same way, deterministically), keeps provider extension data only for the provider type that wrote it, and gives the caller tool-call ids every built-in provider accepts.",
  type: "object",
  additionalProperties: false,
  properties: {
    rules: {
      type: "object",
      description:
        'Tool-call id rules per provider type, over the ones providers declare when they register (openai: any characters, at most 40; anthropic: letters, digits, "_" and "-"; google: anything). A type that declares none (scripted, some third-party providers) gets letters, digits, "_" and "-", at most 40 characters. Example for a provider that takes only letters and digits: { "my-provider": { "charset": "alphanumeric", "maxLength": 9 } }.',
      propertyNames: {
        type: "string",
        pattern: "^[a-z0-9]+(-[a-z0-9]+)*$",
        not: { enum: ["constructor", "prototype"] },
      },
      additionalProperties: {
        type: "object",
        description: "The id rule of one provider type (the key): its charset and its longest id.",
        additionalProperties: false,
        required: ["charset", "maxLength"],
        properties: {
          charset: {
            enum: ["any", "word", "alphanumeric"],
            description:
              'Characters the provider accepts in an id: "any", "word" (letters, digits, "_" and "-") or "alphanumeric" (letters and digits).',
          },
          maxLength: {
            type: "integer",
            minimum: 9,
            maximum: 1024,
            description:
              "Longest id the provider accepts, in characters. Ids rewritten for it are at most this long.",
          },
        },
      },
      default: {},
    },
  },
} as const;
