import { REDACTED, SECRET_KEY_NAMES, scrubCredentialShapes } from "../../src/index.js";

export { REDACTED };

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

/** `text` with every credential-shaped substring replaced (the runtime's one list of shapes). */
export const scrubSecretText: (text: string) => string = scrubCredentialShapes;

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
