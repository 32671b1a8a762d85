import { REDACTED, SECRET_KEY_NAMES } from "../../src/index.js";

export { REDACTED };

/**
 * Shapes of credentials in text (a provider's error message may echo the key it was sent): auth
 * headers, OpenAI and Anthropic keys (`sk-...`, `sk-ant-...`), Google API keys (`AIza...`, also in
 * `?key=` query strings, as Gemini's REST URLs carry them), and `key=` style query values.
 */
const SECRET_PATTERNS: ReadonlyArray<[RegExp, string]> = [
  // The scheme first, so `Authorization: Bearer <token>` loses the token, not only the word Bearer.
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{4,}/gi, `$1 ${REDACTED}`],
  [
    /\b((?:x-api-key|x-goog-api-key|api-key|authorization|proxy-authorization)["']?\s*[:=]\s*["']?)[^\s"',;]+/gi,
    `$1${REDACTED}`,
  ],
  [/\bsk-[A-Za-z0-9_-]{6,}/g, REDACTED],
  [/\bAIza[0-9A-Za-z_-]{10,}/g, REDACTED],
  [/([?&](?:key|api_key|apikey|api-key|access_token|token|sig|signature)=)[^&#\s"']+/gi, `$1${REDACTED}`],
];

/**
 * Lower-cased key names whose values are credentials wherever they appear in the dump: the ones the
 * runtime's logger redacts, plus token and password fields, and whole `headers` objects.
 */
const SECRET_KEYS: ReadonlySet<string> = new Set([
  ...SECRET_KEY_NAMES,
  "password",
  "secret",
  "client_secret",
  "access_token",
  "refresh_token",
  "token",
  "headers",
]);

/** Deeper values are cut: a dump is read by people, and this bounds the work on odd input. */
const MAX_DEPTH = 32;

/** `text` with every credential-shaped substring replaced. */
export function scrubSecretText(text: string): string {
  let scrubbed = text;
  for (const [pattern, replacement] of SECRET_PATTERNS) scrubbed = scrubbed.replace(pattern, replacement);
  return scrubbed;
}

/**
 * A JSON-safe deep copy of `value` with credentials removed: values under credential keys (and
 * whole `headers` objects) replaced, credential shapes scrubbed from every string, functions,
 * symbols and cycles left out. The input is never changed.
 */
export function scrubDumpValue(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === "string") return scrubSecretText(value);
  if (typeof value === "number" || typeof value === "boolean" || value === null) return value;
  if (typeof value === "bigint") return String(value);
  if (typeof value !== "object") return undefined;
  if (seen.has(value)) return "[cycle]";
  if (depth >= MAX_DEPTH) return "[too deep]";
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((item) => scrubDumpValue(item, depth + 1, seen) ?? null);
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const scrubbed = SECRET_KEYS.has(key.toLowerCase()) ? REDACTED : scrubDumpValue(item, depth + 1, seen);
      if (scrubbed !== undefined) copy[scrubSecretText(key)] = scrubbed;
    }
    return copy;
  } finally {
    seen.delete(value);
  }
}

/**
 * Replaces, in place, the values at each dot path (`*` matches every key or index) of a document
 * `scrubDumpValue` made. Paths that lead nowhere are ignored.
 */
export function redactDumpPaths(document: Record<string, unknown>, paths: readonly string[]): void {
  for (const path of paths) redactPath(document, path.split("."));
}

function redactPath(node: unknown, segments: readonly string[]): void {
  if (typeof node !== "object" || node === null || segments.length === 0) return;
  const container = node as Record<string, unknown>;
  const [segment, ...rest] = segments;
  const keys = segment === "*" ? Object.keys(container) : Object.hasOwn(container, segment) ? [segment] : [];
  for (const key of keys) {
    if (rest.length === 0) container[key] = REDACTED;
    else redactPath(container[key], rest);
  }
}
