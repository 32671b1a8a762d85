const LINE_END = /\r\n|\r|\n/;
const LINE_FEED = 10;
const CARRIAGE_RETURN = 13;
const COLON = 58;
const SPACE = 32;

/**
 * Decodes a streamed Chat Completions body into the `data` of each Server-Sent Event, as the SSE
 * spec (WHATWG HTML, "Interpreting an event stream") reads it: UTF-8 decoded across reads, lines
 * ending in CRLF, LF or CR (a CRLF split between two reads included), comment lines skipped, the
 * `data` lines of one event joined with "\n", an event dispatched at its blank line, and one left
 * without its blank line at the end of the body dropped. An event without data (a bare `event:`
 * line, or only empty `data:` lines) is skipped: openai 6.49's own reader passes such an event on
 * as "" and fails the stream on its JSON (RELIABILITY D6). Chat Completions uses neither `event`
 * names nor `id`s, so only `data` is kept. Arrays, not a generator: each generator layer costs
 * every chunk promise hops.
 */
export class OpenAISseDecoder {
  private readonly text = new TextDecoder();
  /** The start of a line whose end has not arrived yet. */
  private partialLine = "";
  /** Whether the last read ended in CR, so a LF opening the next one ends no second line. */
  private afterCarriageReturn = false;
  /** The current event's data so far; undefined until its first `data` line. */
  private data: string | undefined;

  /** The data of every event these bytes complete, in order. */
  push(bytes: Uint8Array): string[] {
    let text = this.text.decode(bytes, { stream: true });
    if (this.afterCarriageReturn && text.charCodeAt(0) === LINE_FEED) text = text.slice(1);
    if (text === "") return [];
    this.afterCarriageReturn = text.charCodeAt(text.length - 1) === CARRIAGE_RETURN;
    const lines = (this.partialLine + text).split(LINE_END);
    this.partialLine = lines.pop() ?? "";
    const dispatched: string[] = [];
    for (const line of lines) this.readLine(line, dispatched);
    return dispatched;
  }

  private readLine(line: string, dispatched: string[]): void {
    if (line === "") {
      if (this.data !== undefined && this.data !== "") dispatched.push(this.data);
      this.data = undefined;
      return;
    }
    if (line.charCodeAt(0) === COLON) return;
    const colon = line.indexOf(":");
    if ((colon === -1 ? line : line.slice(0, colon)) !== "data") return;
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.charCodeAt(0) === SPACE) value = value.slice(1);
    this.data = this.data === undefined ? value : `${this.data}\n${value}`;
  }
}
