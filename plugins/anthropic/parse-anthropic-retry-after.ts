/** Reads response headers the way the Fetch API's `Headers` does. */
export interface HeaderReader {
  get(name: string): string | null;
}

/**
 * The wait a response asks for before a retry, in milliseconds: `retry-after-ms` first (the
 * Stainless SDKs' header, sent by Anthropic's gateway), else `retry-after` as seconds or as an HTTP
 * date. A date in the past, or a negative number, means no wait (0); a value that cannot be read
 * gives undefined, so the retry policy falls back to its own backoff.
 */
export function parseAnthropicRetryAfterMs(
  headers: HeaderReader | undefined,
  nowMs: number,
): number | undefined {
  if (headers === undefined) return undefined;
  const milliseconds = parseNumber(headers.get("retry-after-ms"));
  if (milliseconds !== undefined) return Math.max(0, milliseconds);
  const value = headers.get("retry-after")?.trim();
  if (!value) return undefined;
  const seconds = parseNumber(value);
  if (seconds !== undefined) return Math.max(0, Math.round(seconds * 1000));
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

function parseNumber(value: string | null | undefined): number | undefined {
  if (value === null || value === undefined || !/^\s*-?\d+(\.\d+)?\s*$/.test(value)) return undefined;
  return Number(value);
}
