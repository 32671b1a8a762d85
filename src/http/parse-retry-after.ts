/** Reads one response header (a fetch `Headers` has this shape). */
export interface HeaderReader {
  get(name: string): string | null;
}

function parseNumber(value: string | null | undefined): number | undefined {
  if (value === null || value === undefined || value.trim() === "") return undefined;
  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : undefined;
}

/**
 * The wait a response asks for before a retry, in milliseconds: `retry-after-ms` first, even when
 * it is 0 (the Stainless-generated OpenAI and Anthropic SDKs read it so), else `retry-after` as
 * seconds or as an HTTP date. A past date or a negative number means no wait (0); an unreadable
 * value means nothing was said (undefined), so the retry policy keeps its own backoff.
 */
export function parseRetryAfterMs(headers: HeaderReader | undefined, nowMs: number): number | undefined {
  const milliseconds = parseNumber(headers?.get("retry-after-ms"));
  if (milliseconds !== undefined) return Math.max(0, Math.round(milliseconds));
  const value = headers?.get("retry-after")?.trim();
  if (!value) return undefined;
  const seconds = parseNumber(value);
  if (seconds !== undefined) return Math.max(0, Math.round(seconds * 1000));
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}
