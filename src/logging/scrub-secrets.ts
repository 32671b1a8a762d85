import { REDACTED } from "./redact-secret-keys.js";

/** Secrets shorter than this are not scrubbed: replacing "ollama" everywhere would mangle logs. */
export const MIN_SECRET_LENGTH = 8;

/** Depth to which `scrubErrorInPlace` follows causes and nested objects. */
const MAX_SCRUB_DEPTH = 5;

export type Scrubber = (text: string) => string;

const identity: Scrubber = (text) => text;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * A function that replaces every occurrence of a secret with "[REDACTED]", longest secret first
 * (so a key containing another is removed whole). Each secret's JSON-escaped form is matched too,
 * as it appears in serialized log lines. Returns the identity when no secret is long enough.
 */
export function createSecretScrubber(secrets: readonly string[]): Scrubber {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (typeof secret !== "string" || secret.length < MIN_SECRET_LENGTH) continue;
    forms.add(secret);
    forms.add(JSON.stringify(secret).slice(1, -1));
  }
  if (forms.size === 0) return identity;
  const ordered = [...forms].sort((a, b) => b.length - a.length);
  const pattern = new RegExp(ordered.map(escapeRegExp).join("|"), "g");
  return (text) => text.replace(pattern, REDACTED);
}

function isPlainContainer(value: unknown): value is Record<string, unknown> | unknown[] {
  if (typeof value !== "object" || value === null) return false;
  if (Array.isArray(value)) return true;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** Rewrites one string property; a read-only one (a frozen error) is left as it is. */
function scrubProperty(target: object, key: PropertyKey, scrub: Scrubber): void {
  const descriptor = Object.getOwnPropertyDescriptor(target, key);
  if (!descriptor || typeof descriptor.value !== "string") return;
  const scrubbed = scrub(descriptor.value);
  if (scrubbed === descriptor.value) return;
  try {
    Object.defineProperty(target, key, { ...descriptor, value: scrubbed });
  } catch {
    // Non-configurable and read-only: nothing can change it.
  }
}

function scrubObject(value: object, scrub: Scrubber, depth: number, seen: WeakSet<object>): void {
  if (depth > MAX_SCRUB_DEPTH || seen.has(value)) return;
  seen.add(value);
  const isError = value instanceof Error;
  if (!isError && !isPlainContainer(value)) return;
  const keys = new Set<PropertyKey>(Object.keys(value));
  // message, stack, cause and an AggregateError's errors are own but not enumerable.
  if (isError) for (const key of ["message", "stack", "cause", "errors"]) keys.add(key);
  for (const key of keys) {
    const item = Object.getOwnPropertyDescriptor(value, key)?.value;
    if (typeof item === "string") scrubProperty(value, key, scrub);
    else if (typeof item === "object" && item !== null) scrubObject(item, scrub, depth + 1, seen);
  }
}

/**
 * Removes every secret from an error in place: the message and stack of the error and of each
 * error in its cause chain (and an AggregateError's errors), and the strings in their own
 * enumerable properties, following plain objects and arrays to depth 5, cycles included. Then
 * `message`, `stack`, every `cause`, `JSON.stringify(error)` and `util.inspect(error)` hold no
 * secret. Objects of other classes (a Headers, a Response) are not entered.
 */
export function scrubErrorInPlace(error: unknown, scrub: Scrubber): void {
  if (scrub === identity || typeof error !== "object" || error === null) return;
  scrubObject(error, scrub, 0, new WeakSet());
}

/**
 * A scrubber over a list that may grow after it is made (the kernel adds the keys it takes from
 * the environment once the provider plugins have said which variables they read). It is rebuilt
 * whenever the list's length changes.
 */
export function followSecrets(secrets: readonly string[]): Scrubber {
  let known = -1;
  let scrub = identity;
  return (text) => {
    if (secrets.length !== known) {
      known = secrets.length;
      scrub = createSecretScrubber(secrets);
    }
    return scrub(text);
  };
}
