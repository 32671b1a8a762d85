/** Header names that carry credentials, in the spellings the SDKs and users write them. */
const SECRET_HEADERS = [
  "authorization",
  "Authorization",
  "x-api-key",
  "X-Api-Key",
  "X-API-Key",
  "x-goog-api-key",
  "X-Goog-Api-Key",
  "api-key",
  "Api-Key",
  "cookie",
  "Cookie",
  "set-cookie",
  "Set-Cookie",
  "proxy-authorization",
  "Proxy-Authorization",
];

/** Keys whose value is a credential wherever they appear. */
const SECRET_KEYS = ["apiKey", "api_key", "authorization", "Authorization"];

/** pino's wildcards match one level each, so every depth up to this one is listed. */
const MAX_DEPTH = 4;

function atEveryDepth(path: string): string[] {
  return Array.from({ length: MAX_DEPTH }, (_, depth) => `${"*.".repeat(depth)}${path}`);
}

/**
 * pino redact paths for credentials in logged objects: the secret keys and the credential headers
 * under any `headers`, at depths 0 to 3. pino matches paths case-sensitively, hence the several
 * spellings. Values pino cannot reach by path are caught by the value-based scrub.
 */
export const REDACT_PATHS: readonly string[] = Object.freeze([
  ...SECRET_KEYS.flatMap(atEveryDepth),
  ...SECRET_HEADERS.flatMap((header) => atEveryDepth(`headers[${JSON.stringify(header)}]`)),
]);

/** What a redacted value is replaced with. */
export const REDACTED = "[REDACTED]";

/** Lower-cased names of keys and headers whose values are credentials (for path-free redaction). */
export const SECRET_KEY_NAMES: ReadonlySet<string> = new Set(
  [...SECRET_KEYS, ...SECRET_HEADERS].map((name) => name.toLowerCase()),
);
