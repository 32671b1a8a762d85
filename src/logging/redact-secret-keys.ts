/** What a redacted value is replaced with. */
export const REDACTED = "[REDACTED]";

/**
 * Lower-cased names of keys whose values are credentials wherever they appear: API-key fields and
 * the credential headers (OpenAI `Authorization`, Anthropic `x-api-key`, Gemini `x-goog-api-key`,
 * Azure `api-key`, cookies). Matching ignores case, so every spelling of a header is covered.
 */
export const SECRET_KEY_NAMES: ReadonlySet<string> = new Set([
  "apikey",
  "api_key",
  "api-key",
  "x-api-key",
  "x-goog-api-key",
  "authorization",
  "proxy-authorization",
  "cookie",
  "set-cookie",
]);

/** How deep logged objects are searched; a log line's object is a few levels at most. */
const MAX_DEPTH = 6;

function isPlain(value: object): boolean {
  if (Array.isArray(value)) return true;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * The value with every credential key's value replaced by "[REDACTED]", at any depth up to 6 in
 * plain objects and arrays. Copies only what it changes and returns the value itself when there
 * is nothing to redact, so a logged object is never mutated. Used as pino's `formatters.log`:
 * pino's own `redact` paths are case-sensitive and, with the wildcards needed for "any depth",
 * cost about 90 µs per line against about 2 µs for this.
 */
export function redactSecretKeys<T>(value: T, depth = 0): T {
  if (typeof value !== "object" || value === null || depth > MAX_DEPTH || !isPlain(value)) return value;
  let copy: Record<string, unknown> | undefined;
  const source = value as Record<string, unknown>;
  for (const key of Object.keys(source)) {
    const item = source[key];
    const redacted =
      item !== undefined && SECRET_KEY_NAMES.has(key.toLowerCase())
        ? REDACTED
        : redactSecretKeys(item, depth + 1);
    if (redacted === item) continue;
    copy ??= (Array.isArray(value) ? [...value] : { ...source }) as Record<string, unknown>;
    copy[key] = redacted;
  }
  return (copy ?? value) as T;
}
