import { createSecretScrubber } from "../../src/index.js";
/**
 * Removes API keys from text bound for an error message or a log line, with the runtime's one
 * scrubber: Google keys can travel in URLs (`?key=AIza...`) and in the `x-goog-api-key` header,
 * both credential shapes it knows, and every known secret is scrubbed by value.
 */
export function scrubGoogleSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  return createSecretScrubber(secrets)(text);
}

/**
 * The error to keep as `cause`: the original when it carries no secret, else a plain copy with
 * its message and stack scrubbed (the original may be logged or serialised by the application).
 */
export function scrubCause(error: unknown, secrets: readonly (string | undefined)[]): unknown {
  if (!(error instanceof Error)) return error;
  const text = `${error.message}\n${error.stack ?? ""}`;
  if (scrubGoogleSecrets(text, secrets) === text) return error;
  const copy = new Error(scrubGoogleSecrets(error.message, secrets));
  copy.name = error.name;
  copy.stack = scrubGoogleSecrets(error.stack ?? "", secrets);
  return copy;
}
