import { ResponseRefusal } from "./response-refusal.js";

/** Largest decoded body of one response the runtime reads by default: 64 MiB. */
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

/** Largest single event of an event stream (bytes between two blank lines) by default: 8 MiB. */
export const DEFAULT_MAX_EVENT_BYTES = 8 * 1024 * 1024;

export interface FetchGuardLimits {
  /** Largest decoded body of a response that is not an event stream, in bytes. */
  maxResponseBytes: number;
  /** Largest single event of a `text/event-stream` body, in bytes. */
  maxEventBytes: number;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const LINE_FEED = 10;
const CARRIAGE_RETURN = 13;

/**
 * The fetch every provider SDK of a runtime is given: `inner` (the caller's `fetch`, else the
 * global one, looked up at each call) under two rules that hold whatever an SDK would do.
 *
 * - No redirect is followed. A 3xx answer with a `Location` fails the call (its body unread), so
 *   neither the API key, nor the config's `headers`, nor the prompt of a re-posted 307 can reach
 *   an origin other than the configured `baseURL`.
 * - A body is read through a counter: past `maxResponseBytes` decoded bytes (gzip and brotli are
 *   decoded by fetch, so a small compressed body cannot grow unseen), or past `maxEventBytes` in
 *   one event of an event stream, reading stops and the call fails with a ResponseRefusal, which
 *   the kernel reports as ResponseTooLargeError. Counting happens as the reader pulls, with no
 *   read-ahead, so memory stays near the cap.
 */
export function guardFetch(inner: typeof fetch | undefined, limits: FetchGuardLimits): typeof fetch {
  return async (input, init) => {
    const response = await (inner ?? globalThis.fetch)(input, { ...init, redirect: "manual" });
    if (REDIRECT_STATUSES.has(response.status) && response.headers.has("location")) {
      await response.body?.cancel().catch(() => undefined);
      throw redirectRefusal(response);
    }
    return limitBody(response, limits);
  };
}

function redirectRefusal(response: Response): ResponseRefusal {
  const location = response.headers.get("location") ?? "";
  let where = "another address";
  try {
    // The origin only: a redirect's path or query may carry a token.
    where = new URL(location, response.url || undefined).origin;
  } catch {}
  return new ResponseRefusal(
    "redirect",
    `the server answered with a redirect to ${where}; the runtime follows no redirect, so no credential or prompt leaves the configured baseURL`,
    { status: response.status },
  );
}

function limitBody(response: Response, limits: FetchGuardLimits): Response {
  const body = response.body;
  if (body === null) return response;
  const contentType = response.headers.get("content-type") ?? "";
  if (contentType.includes("text/event-stream")) {
    return withBody(response, countedBody(body, new EventCounter(limits.maxEventBytes)));
  }
  const max = limits.maxResponseBytes;
  const encoding = response.headers.get("content-encoding");
  const length = Number(response.headers.get("content-length") ?? Number.NaN);
  // An unencoded body with a length is exactly that long (the framing ends it there): no counter.
  if ((!encoding || encoding === "identity") && Number.isInteger(length) && length <= max) return response;
  return withBody(response, countedBody(body, new TotalCounter(max)));
}

/** A counter of what a body has delivered; returns a refusal once its limit is passed. */
interface BodyCounter {
  add(chunk: Uint8Array): ResponseRefusal | undefined;
}

class TotalCounter implements BodyCounter {
  private total = 0;

  constructor(private readonly max: number) {}

  add(chunk: Uint8Array): ResponseRefusal | undefined {
    this.total += chunk.byteLength;
    if (this.total <= this.max) return undefined;
    return new ResponseRefusal(
      "too_large",
      `the response body passed the runtime's limit of ${this.max} bytes (maxResponseBytes) and was not read further`,
      { limitBytes: this.max },
    );
  }
}

/**
 * Bytes of the current event of an event stream: reset at each blank line (a line end right
 * after a line end, a CRLF counting as one), as an SSE reader dispatches events.
 */
class EventCounter implements BodyCounter {
  private eventBytes = 0;
  private lineBytes = 0;
  private previous = 0;

  constructor(private readonly max: number) {}

  add(chunk: Uint8Array): ResponseRefusal | undefined {
    let { eventBytes, lineBytes, previous } = this;
    for (let index = 0; index < chunk.length; index++) {
      const byte = chunk[index];
      if (byte === LINE_FEED || byte === CARRIAGE_RETURN) {
        const secondHalfOfCrlf = byte === LINE_FEED && previous === CARRIAGE_RETURN;
        if (!secondHalfOfCrlf) {
          if (lineBytes === 0) eventBytes = 0;
          lineBytes = 0;
        }
      } else {
        lineBytes++;
        eventBytes++;
      }
      previous = byte;
    }
    this.eventBytes = eventBytes;
    this.lineBytes = lineBytes;
    this.previous = previous;
    if (eventBytes <= this.max) return undefined;
    return new ResponseRefusal(
      "event_too_large",
      `one event of the stream passed the runtime's limit of ${this.max} bytes (maxEventBytes) and was not read further`,
      { limitBytes: this.max },
    );
  }
}

/** `body` read on demand (no read-ahead) through `counter`; errors with its refusal and cancels the source. */
function countedBody(body: ReadableStream<Uint8Array>, counter: BodyCounter): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const { done, value } = await reader.read();
        if (done) {
          controller.close();
          return;
        }
        const refusal = counter.add(value);
        if (refusal) {
          controller.error(refusal);
          await reader.cancel(refusal).catch(() => undefined);
          return;
        }
        controller.enqueue(value);
      },
      cancel: (reason) => reader.cancel(reason),
    },
    { highWaterMark: 0 },
  );
}

function withBody(response: Response, body: ReadableStream<Uint8Array>): Response {
  const limited = new Response(body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
  // Some SDKs read the final URL of the answer; a constructed Response has none.
  Object.defineProperty(limited, "url", { value: response.url });
  return limited;
}
