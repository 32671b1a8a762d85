/**
 * What a provider accepts as a tool-call id (`tool_calls[].id` and `tool_call_id`), one rule per
 * provider type, all in this file so the rules can be read and compared side by side.
 */

/** Characters a rule allows: anything, `[A-Za-z0-9_-]`, or `[A-Za-z0-9]`. */
export type ToolCallIdCharset = "any" | "word" | "alphanumeric";

export interface ToolCallIdRule {
  charset: ToolCallIdCharset;
  /** Longest id accepted, in characters. */
  maxLength: number;
}

/**
 * Valid for every built-in provider at once: Anthropic's pattern and OpenAI's length limit. The ids
 * the runtime hands back to the caller follow it, and so does any provider type without its own rule
 * (scripted, third-party), whose rules the runtime cannot know.
 */
export const PORTABLE_TOOL_CALL_ID_RULE: Readonly<ToolCallIdRule> = Object.freeze({
  charset: "word",
  maxLength: 40,
});

/** Rules of the built-in provider types. */
export const BUILT_IN_TOOL_CALL_ID_RULES: Readonly<Record<string, Readonly<ToolCallIdRule>>> = Object.freeze({
  // OpenAI refuses ids over 40 characters (`string_above_max_length`); it does not restrict characters.
  openai: Object.freeze({ charset: "any", maxLength: 40 }),
  // Anthropic documents `^[a-zA-Z0-9_-]+$` for `tool_use.id` and `tool_result.tool_use_id`, no length.
  anthropic: Object.freeze({ charset: "word", maxLength: Number.POSITIVE_INFINITY }),
  // Gemini echoes whatever id it returned; it documents no format. Ids from elsewhere are kept as they are.
  google: Object.freeze({ charset: "any", maxLength: Number.POSITIVE_INFINITY }),
});

/** The characters of each charset but "any", which needs no pattern. */
const CHARSET_PATTERNS: Readonly<Record<Exclude<ToolCallIdCharset, "any">, RegExp>> = {
  word: /^[A-Za-z0-9_-]*$/,
  alphanumeric: /^[A-Za-z0-9]*$/,
};

/** Whether `id` is accepted as it is under `rule` (the empty id never is). */
export function isValidToolCallId(id: string, rule: Readonly<ToolCallIdRule>): boolean {
  if (id.length === 0 || id.length > rule.maxLength) return false;
  // Checked on every id of every request: "any" (OpenAI, Gemini) skips the regular expression.
  return rule.charset === "any" || CHARSET_PATTERNS[rule.charset].test(id);
}

/** The rule for a provider type: an override from the options, a built-in rule, or the portable one. */
export function ruleForProviderType(
  providerType: string,
  overrides: Readonly<Record<string, Readonly<ToolCallIdRule>>> = {},
): Readonly<ToolCallIdRule> {
  if (Object.hasOwn(overrides, providerType)) return overrides[providerType];
  if (Object.hasOwn(BUILT_IN_TOOL_CALL_ID_RULES, providerType))
    return BUILT_IN_TOOL_CALL_ID_RULES[providerType];
  return PORTABLE_TOOL_CALL_ID_RULE;
}
