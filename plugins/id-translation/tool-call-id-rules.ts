import type { ToolCallIdFormat } from "../../src/index.js";

/**
 * What a provider accepts as a tool-call id (`tool_calls[].id` and `tool_call_id`). A provider
 * declares its own with its registration (`toolCallIds`, a ToolCallIdFormat: pattern, length,
 * mint); the plugin's `rules` option may override one by charset and length (a config holds no
 * regular expression). Any other provider type gets the portable rule.
 */

/** Characters a rule allows: anything, `[A-Za-z0-9_-]`, or `[A-Za-z0-9]`. */
export type ToolCallIdCharset = "any" | "word" | "alphanumeric";

/** A rule as the plugin's `rules` option writes one. */
export interface ToolCallIdRule {
  charset: ToolCallIdCharset;
  /** Longest id accepted, in characters. */
  maxLength: number;
}

/** Either form: a charset rule (options) or a format a provider declared. */
export type IdRule = Readonly<ToolCallIdRule> | Readonly<ToolCallIdFormat>;

/**
 * Valid for every built-in provider at once: Anthropic's pattern and OpenAI's length limit. The ids
 * the runtime hands back to the caller follow it, and so does any provider type that declared no
 * rule (scripted, a third-party provider without `toolCallIds`).
 */
export const PORTABLE_TOOL_CALL_ID_RULE: Readonly<ToolCallIdRule> = Object.freeze({
  charset: "word",
  maxLength: 40,
});

/** The characters of each charset but "any", which needs no pattern. */
const CHARSET_PATTERNS: Readonly<Record<Exclude<ToolCallIdCharset, "any">, RegExp>> = {
  word: /^[A-Za-z0-9_-]*$/,
  alphanumeric: /^[A-Za-z0-9]*$/,
};

export function isDeclaredFormat(rule: IdRule): rule is Readonly<ToolCallIdFormat> {
  return "pattern" in rule;
}

/** Whether `id` is accepted as it is under `rule` (the empty id never is). */
export function isValidToolCallId(id: string, rule: IdRule): boolean {
  if (id.length === 0 || id.length > (rule.maxLength ?? Number.POSITIVE_INFINITY)) return false;
  if (isDeclaredFormat(rule)) return rule.pattern.test(id);
  // Checked on every id of every request: "any" skips the regular expression.
  return rule.charset === "any" || CHARSET_PATTERNS[rule.charset].test(id);
}

/** The rule for a provider type: an override (from the options or a declaration), or the portable one. */
export function ruleForProviderType(
  providerType: string,
  overrides: Readonly<Record<string, IdRule>> = {},
): IdRule {
  if (Object.hasOwn(overrides, providerType)) return overrides[providerType];
  return PORTABLE_TOOL_CALL_ID_RULE;
}
