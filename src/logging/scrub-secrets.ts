import { REDACTED } from "./redact-secret-keys.js";

/**
 * The one minimum length of a secret scrubbed by value: a shorter value (a placeholder like "x")
 * cannot be told from ordinary text. Secrets shorter than TOKEN_SECRET_LENGTH are matched only as
 * whole tokens (not inside a longer word), so a short local key does not mangle other text.
 */
export const MIN_SECRET_LENGTH = 4;
const TOKEN_SECRET_LENGTH = 8;

/** Depth to which `scrubErrorInPlace` follows causes and nested objects. */
const MAX_SCRUB_DEPTH = 32;

export type Scrubber = (text: string) => string;

/**
 * Shapes of credentials in text, scrubbed whatever their length or whether the runtime knows the
 * value: auth schemes and credential headers, OpenAI and Anthropic keys (`sk-...`), Google keys
 * (`AIza...`), and key-like query parameters (Gemini's REST URLs carry `?key=`).
 */
const CREDENTIAL_SHAPES: ReadonlyArray<[RegExp, string]> = [
  // The scheme first, so `Authorization: Bearer <token>` loses the token, not only the word Bearer.
  // A token holds a digit or a symbol, so "Basic usage" in ordinary text is left alone.
  [/\b(Bearer|Basic)\s+(?=[A-Za-z0-9._~+/=-]*[0-9._~+/=-])[A-Za-z0-9._~+/=-]{6,}/gi, `$1 ${REDACTED}`],
  [
    /\b((?:x-api-key|x-goog-api-key|api-key|authorization|proxy-authorization)["']?\s*[:=]\s*["']?)(?!\[REDACTED\]|Bearer\b|Basic\b)[^\s"',;]+/gi,
    `$1${REDACTED}`,
  ],
  [/\bsk-[A-Za-z0-9_-]{6,}/g, REDACTED],
  [/\bAIza[0-9A-Za-z_-]{10,}/g, REDACTED],
  [/([?&](?:key|api_key|apikey|api-key|access_token|token|sig|signature)=)[^&#\s"']+/gi, `$1${REDACTED}`],
];

/** `text` with every credential-shaped substring replaced (see CREDENTIAL_SHAPES). */
export function scrubCredentialShapes(text: string): string {
  let scrubbed = text;
  for (const [pattern, replacement] of CREDENTIAL_SHAPES) scrubbed = scrubbed.replace(pattern, replacement);
  return scrubbed;
}

/**
 * Whether a configured value is a secret to scrub: a key or header value of a provider instance,
 * unless it is too short or is the instance's own name or type (the local-server placeholder
 * `"apiKey": "ollama"` of an instance named ollama is printed as a name everywhere anyway).
 */
export function isScrubbableSecret(
  value: unknown,
  instance?: { name?: string; type?: string },
): value is string {
  if (typeof value !== "string" || value.length < MIN_SECRET_LENGTH) return false;
  return value !== instance?.name && value !== instance?.type;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * THE secret scrubber of the runtime (logs, errors, dumps, provider plugins): a function that
 * replaces every occurrence of a known secret with "[REDACTED]", longest first (so a key containing
 * another is removed whole), its JSON-escaped form too (as in serialized log lines), then every
 * credential shape. Secrets shorter than MIN_SECRET_LENGTH are skipped; those shorter than 8
 * characters match as whole tokens only.
 */
export function createSecretScrubber(secrets: readonly (string | undefined)[]): Scrubber {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (typeof secret !== "string" || secret.length < MIN_SECRET_LENGTH) continue;
    forms.add(secret);
    forms.add(JSON.stringify(secret).slice(1, -1));
  }
  if (forms.size === 0) return scrubCredentialShapes;
  const ordered = [...forms].sort((a, b) => b.length - a.length);
  const alternatives = ordered.map((form) =>
    form.length < TOKEN_SECRET_LENGTH
      ? `(?<![A-Za-z0-9_-])${escapeRegExp(form)}(?![A-Za-z0-9_-])`
      : escapeRegExp(form),
  );
  const pattern = new RegExp(alternatives.join("|"), "g");
  return (text) => scrubCredentialShapes(text.replace(pattern, REDACTED));
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

/**
 * A Headers object (an SDK error's response headers, where a server may echo the key) with its
 * values scrubbed, or the same object when none held a secret. A new object, since the headers of
 * a Response are immutable.
 */
function scrubHeaders(headers: Headers, scrub: Scrubber): Headers {
  let changed = false;
  const copy = new Headers();
  for (const [name, value] of headers) {
    const scrubbed = scrub(value);
    if (scrubbed !== value) changed = true;
    copy.append(name, scrubbed);
  }
  return changed ? copy : headers;
}

function replaceProperty(target: object, key: PropertyKey, value: unknown): void {
  const descriptor = Object.getOwnPropertyDescriptor(target, key);
  try {
    Object.defineProperty(target, key, { ...descriptor, value });
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
    else if (item instanceof Headers) {
      const scrubbed = scrubHeaders(item, scrub);
      if (scrubbed !== item) replaceProperty(value, key, scrubbed);
    } else if (typeof item === "object" && item !== null) scrubObject(item, scrub, depth + 1, seen);
  }
}

/**
 * Removes every secret from an error in place: the message and stack of the error and of each
 * error in its cause chain (and an AggregateError's errors), and the strings in their own
 * enumerable properties, following plain objects and arrays to depth 32 (and Headers objects), cycles included. Then
 * `message`, `stack`, every `cause`, `JSON.stringify(error)` and `util.inspect(error)` hold no
 * secret. Objects of other classes (a Map, a Response) are not entered.
 */
export function scrubErrorInPlace(error: unknown, scrub: Scrubber): void {
  if (typeof error !== "object" || error === null) return;
  scrubObject(error, scrub, 0, new WeakSet());
}

/**
 * A scrubber over a list that may grow after it is made (the kernel adds the keys it takes from
 * the environment once the provider plugins have said which variables they read). It is rebuilt
 * whenever the list's length changes.
 */
export function followSecrets(secrets: readonly string[]): Scrubber {
  let known = -1;
  let scrub: Scrubber = scrubCredentialShapes;
  return (text) => {
    if (secrets.length !== known) {
      known = secrets.length;
      scrub = createSecretScrubber(secrets);
    }
    return scrub(text);
  };
}
