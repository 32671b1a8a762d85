/** Replies a fake server can be scripted with, and what it records about each request. */

/** Status, headers and a wait before the status line; common to every reply that answers. */
export interface ReplyHead {
  /** HTTP status (default 200). */
  status?: number;
  /** Extra response headers; keys are sent as given. */
  headers?: Record<string, string>;
  /** Wait before sending the status line and headers, in milliseconds. */
  delayMs?: number;
}

/** Where a body stops for a while: after `afterBytes` bytes, wait `stallMs` (Infinity hangs). */
export interface BodyStall {
  afterBytes: number;
  /** Milliseconds; `Number.POSITIVE_INFINITY` keeps the body open until the client or server closes. */
  stallMs: number;
}

/** A JSON body (`content-type: application/json`). */
export interface JsonReply extends ReplyHead {
  kind: "json";
  body: unknown;
  stall?: BodyStall;
}

/** A raw body: malformed JSON, an HTML error page, an empty body. */
export interface TextReply extends ReplyHead {
  kind: "text";
  /** Text (sent as UTF-8), or raw bytes (a gzip body with its `content-encoding` header). */
  body: string | Uint8Array;
  /** Default `text/plain; charset=utf-8`. */
  contentType?: string;
  stall?: BodyStall;
  /** Send only this many bytes of `body`, then destroy the socket (a truncated body). */
  truncateAfterBytes?: number;
}

/** One Server-Sent Event; an object `data` is sent as JSON. */
export interface SseEvent {
  event?: string;
  data: unknown;
  /** Wait before this event, in milliseconds (overrides the reply's `eventDelayMs`). */
  delayMs?: number;
}

/** A Server-Sent Events stream (`content-type: text/event-stream`). */
export interface SseReply extends ReplyHead {
  kind: "sse";
  events: SseEvent[];
  /** Wait before each event, in milliseconds (default 0). */
  eventDelayMs?: number;
  /** Destroy the socket after this many events were sent (a stream cut without its terminator). */
  cutAfterEvents?: number;
  /** Stop sending after this many events and keep the stream open until close (a silent stream). */
  hangAfterEvents?: number;
}

/** Accept the request and never answer, until the client disconnects or the server closes. */
export interface HangReply {
  kind: "hang";
}

/** Read the request, then reset the connection without a status line. */
export interface ResetReply {
  kind: "reset";
  /** Wait before the reset, in milliseconds. */
  delayMs?: number;
}

export type FakeReply = JsonReply | TextReply | SseReply | HangReply | ResetReply;

/** Everything the fake server saw of one request. */
export interface RecordedRequest {
  /** 0-based order of arrival. */
  index: number;
  method: string;
  /** Path without the query string. */
  path: string;
  query: Record<string, string>;
  /** Header names lower-cased; repeated headers joined with ", ". */
  headers: Record<string, string>;
  /** The parsed JSON body, or the raw text when it is not JSON (undefined when empty). */
  body: unknown;
  rawBody: string;
  /** Epoch milliseconds when the request body had been read. */
  receivedAt: number;
  /** True when the client went away before the reply finished (abort, timeout). */
  clientDisconnected: boolean;
  /** The reply served (after the validator), for assertions on what a test scripted. */
  reply?: FakeReply;
}

/**
 * A protocol module's check of a request against the provider's documented rules. Returns the
 * provider-shaped error reply to serve instead of the scripted one, or undefined to let it pass.
 */
export type RequestValidator = (request: RecordedRequest) => FakeReply | undefined;
