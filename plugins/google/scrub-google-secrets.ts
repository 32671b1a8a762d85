/**
 * Removes API keys from text bound for an error message or a log line. Google keys can travel in
 * URLs (`?key=AIza...`) and in the `x-goog-api-key` header, so both forms are
 * scrubbed by shape, and every known secret is scrubbed by value.
 */
export function scrubGoogleSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let scrubbed = text
    .replace(/([?&]key=)[^&#\s"']+/gi, "$1[REDACTED]")
    .replace(/(x-goog-api-key["']?\s*[:=]\s*["']?)[^\s"',}]+/gi, "$1[REDACTED]")
    .replace(/AIza[0-9A-Za-z_-]{35}/g, "[REDACTED]");
  for (const secret of secrets) {
    // Very short values would scrub ordinary words; real keys are long.
    if (secret && secret.length >= 8) scrubbed = scrubbed.split(secret).join("[REDACTED]");
  }
  return scrubbed;
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
