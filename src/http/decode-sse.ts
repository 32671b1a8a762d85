import { StringDecoder } from "node:string_decoder";

const BYTE_ORDER_MARK = 0xfeff;
const LINE_FEED = 10;
const CARRIAGE_RETURN = 13;
const SPACE = 32;

/** One Server-Sent Event as a provider plugin reads it. */
export interface SseEvent {
  /** The `event` field: "" when the event has none (or an empty one), as the spec reads both. */
  event: string;
  /** The event's `data` lines, joined with "\n"; never "" (see `SseDecoder`). */
  data: string;
}

/** Whether `line`, whose first colon is at `colon` (-1: none), is a line of the field `name`. */
function isField(line: string, colon: number, name: string): boolean {
  // Compared in place: slicing out the field name would allocate a string per line.
  return colon === -1 ? line === name : colon === name.length && line.startsWith(name);
}

/**
 * Decodes a streamed HTTP body into its Server-Sent Events, as the SSE spec (WHATWG HTML,
 * "Interpreting an event stream") reads it: UTF-8 decoded across reads, lines ending in CRLF, LF
 * or CR (a CRLF split between two reads included), comment lines skipped, the `data` lines of one
 * event joined with "\n", an event dispatched at its blank line with the last `event` name it
 * gave, and one left without its blank line at the end of the body dropped. An event without data
 * (a bare `event:` line, or only empty `data:` lines) is skipped: no provider sends one with
 * meaning, and openai 6.49's own reader passes such an event on as "" and fails the stream on its
 * JSON. `id` and `retry` are not kept: no provider plugin resumes a stream.
 *
 * Arrays, not a generator: each generator layer costs every chunk promise hops. Provider plugins
 * read their HTTP body with it (openai, anthropic) instead of their SDK's reader. Node's
 * StringDecoder decodes the same text as a streaming TextDecoder (a byte order mark at the start
 * removed by hand) in about a third of the time, and lines are cut with `indexOf` unless a read
 * holds a CR: together about 0.5 µs less per event than TextDecoder and a RegExp split on Node 20.
 */
export class SseDecoder {
  private readonly utf8 = new StringDecoder("utf8");
  /** Whether no text has been decoded yet (the spec drops a byte order mark there). */
  private atStart = true;
  /** Pieces of a line whose end has not arrived yet, joined once it does. */
  private partialLine: string[] = [];
  /** Their total length, in UTF-16 code units. */
  private partialLength = 0;
  /** Whether the last read ended in CR, so a LF opening the next one ends no second line. */
  private afterCarriageReturn = false;
  /** The current event's name so far ("" until an `event` line). */
  private eventName = "";
  /** The current event's data so far; undefined until its first `data` line. */
  private data: string | undefined;

  /**
   * @param maxEventLength Longest event (one line, or the data lines of one event), in UTF-16 code
   *   units, before `push` throws; unlimited by default. Inside the runtime the fetch guard already
   *   caps one event in bytes (the runtime's `maxEventBytes`).
   */
  constructor(private readonly maxEventLength = Number.POSITIVE_INFINITY) {}

  /**
   * Every event these bytes complete, in order. Only the new text is searched for line ends, so
   * a long line arriving over many reads costs time in proportion to its length.
   */
  push(bytes: Uint8Array): SseEvent[] {
    let text = this.utf8.write(bytes);
    if (this.atStart && text !== "") {
      this.atStart = false;
      if (text.charCodeAt(0) === BYTE_ORDER_MARK) text = text.slice(1);
    }
    if (this.afterCarriageReturn && text.charCodeAt(0) === LINE_FEED) text = text.slice(1);
    if (text === "") return [];
    this.afterCarriageReturn = text.charCodeAt(text.length - 1) === CARRIAGE_RETURN;
    const dispatched: SseEvent[] = [];
    let start = 0;
    if (!text.includes("\r")) {
      for (let end = text.indexOf("\n"); end !== -1; end = text.indexOf("\n", start)) {
        this.readLine(this.completeLine(text, start, end), dispatched);
        start = end + 1;
      }
    } else {
      for (let end = lineEnd(text, 0); end !== -1; end = lineEnd(text, start)) {
        this.readLine(this.completeLine(text, start, end), dispatched);
        start =
          text.charCodeAt(end) === CARRIAGE_RETURN && text.charCodeAt(end + 1) === LINE_FEED
            ? end + 2
            : end + 1;
      }
    }
    if (start < text.length) this.keepPartial(start === 0 ? text : text.slice(start));
    return dispatched;
  }

  /** The line ending at `end` of `text`, with the pieces of it earlier reads left. */
  private completeLine(text: string, start: number, end: number): string {
    const tail = text.slice(start, end);
    if (this.partialLength === 0) return tail;
    this.partialLine.push(tail);
    const line = this.partialLine.join("");
    this.partialLine = [];
    this.partialLength = 0;
    return line;
  }

  private keepPartial(piece: string): void {
    this.partialLine.push(piece);
    this.partialLength += piece.length;
    if (this.partialLength > this.maxEventLength) throw this.tooLong();
  }

  private tooLong(): Error {
    return new Error(`an event of the stream is longer than ${this.maxEventLength} characters`);
  }

  private readLine(line: string, dispatched: SseEvent[]): void {
    if (line === "") {
      if (this.data !== undefined && this.data !== "") {
        dispatched.push({ event: this.eventName, data: this.data });
      }
      this.eventName = "";
      this.data = undefined;
      return;
    }
    const colon = line.indexOf(":");
    if (colon === 0) return;
    const isData = isField(line, colon, "data");
    if (!isData && !isField(line, colon, "event")) return;
    let value = "";
    if (colon !== -1) value = line.slice(line.charCodeAt(colon + 1) === SPACE ? colon + 2 : colon + 1);
    if (!isData) this.eventName = value;
    else this.data = this.data === undefined ? value : `${this.data}\n${value}`;
    if (isData && (this.data?.length ?? 0) > this.maxEventLength) throw this.tooLong();
  }
}

/** The index of the first CR or LF of `text` at or after `from`, or -1. */
function lineEnd(text: string, from: number): number {
  const cr = text.indexOf("\r", from);
  const lf = text.indexOf("\n", from);
  if (cr === -1) return lf;
  return lf === -1 ? cr : Math.min(cr, lf);
}
