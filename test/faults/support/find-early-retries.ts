import type { FakeServer, RecordedRequest } from "../../../src/testing/index.js";

/** Timers may fire a millisecond before `Date.now()` says the wait is over. */
const CLOCK_TOLERANCE_MS = 2;

function header(request: RecordedRequest, name: string): string | undefined {
  const headers = request.reply && "headers" in request.reply ? request.reply.headers : undefined;
  const found = Object.entries(headers ?? {}).find(([key]) => key.toLowerCase() === name);
  return found?.[1];
}

/** Gemini says when to retry only in its body: `RetryInfo.retryDelay` ("37s"). */
function googleRetryDelayMs(request: RecordedRequest): number | undefined {
  const reply = request.reply;
  if (reply?.kind !== "json") return undefined;
  const details = (reply.body as { error?: { details?: Array<Record<string, unknown>> } })?.error?.details;
  const info = details?.find((detail) => String(detail["@type"]).endsWith("google.rpc.RetryInfo"));
  const match = /^(\d+(?:\.\d+)?)s$/.exec(String(info?.retryDelay ?? ""));
  return match ? Number(match[1]) * 1000 : undefined;
}

/**
 * The wait a reply asked for, read the way the SDKs read it (retry-after-ms first, even 0; then
 * retry-after as seconds or an HTTP date; Gemini's body), measured from when the reply was sent.
 */
export function askedWaitMs(request: RecordedRequest): number | undefined {
  const milliseconds = Number(header(request, "retry-after-ms") ?? Number.NaN);
  if (Number.isFinite(milliseconds)) return Math.max(0, milliseconds);
  const value = header(request, "retry-after");
  if (value !== undefined && value.trim() !== "") {
    const seconds = Number(value);
    if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
    const date = Date.parse(value);
    if (!Number.isNaN(date)) return Math.max(0, date - request.receivedAt);
  }
  return googleRetryDelayMs(request);
}

/**
 * Fault B4 (docs/reliability.md) for every scenario: a request that reaches the server, with the same key, before
 * the wait the previous reply asked for is an early retry. Requests with another key (a fallback
 * to another account) are not retries of it.
 */
export function findEarlyRetries(
  server: FakeServer,
  sentKey: (request: RecordedRequest) => string | undefined,
): string[] {
  const early: string[] = [];
  const requests = server.requests;
  for (const [position, previous] of requests.entries()) {
    const asked = askedWaitMs(previous);
    if (asked === undefined) continue;
    const next = requests.slice(position + 1).find((request) => sentKey(request) === sentKey(previous));
    if (!next) continue;
    const sentAt =
      previous.receivedAt +
      (previous.reply && "delayMs" in previous.reply ? (previous.reply.delayMs ?? 0) : 0);
    const waited = next.receivedAt - sentAt;
    if (waited + CLOCK_TOLERANCE_MS < asked) {
      early.push(`request ${next.index} came ${waited} ms after a reply asking for ${asked} ms`);
    }
  }
  return early;
}
