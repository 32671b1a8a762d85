/** Longest untrusted value an error message quotes, in characters, before it is cut. */
const DEFAULT_QUOTE_LENGTH = 64;

/** Characters a terminal or log viewer acts on that JSON.stringify leaves as they are. */
const INVISIBLE_CONTROLS = /[\u007f-\u009f\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2069\ufeff]/g;

/**
 * A value the provider (or a caller's history) controls, such as a tool-call id or name, as an
 * error message may show it: in double quotes, cut to `maxLength` characters (the full length
 * said), with every control character escaped (`\u001b`, `\n`, bidi overrides), so a hostile id
 * cannot flood a log, fake a log line or drive the terminal. A non-string is shown as its type.
 */
export function quoteUntrusted(value: unknown, maxLength = DEFAULT_QUOTE_LENGTH): string {
  if (typeof value !== "string") return `(${value === null ? "null" : typeof value})`;
  const cut = value.length > maxLength;
  const quoted = JSON.stringify(cut ? value.slice(0, maxLength) : value).replace(
    INVISIBLE_CONTROLS,
    (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
  return cut ? `${quoted.slice(0, -1)}..." (${value.length} characters)` : quoted;
}
