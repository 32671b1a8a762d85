import { expect } from "chai";
import { SseDecoder, type SseEvent } from "../../src/http/decode-sse.js";

const bytes = (text: string) => new TextEncoder().encode(text);

/** Every event the decoder gives for `reads`, each read pushed as it comes. */
function decodeEvents(...reads: Array<string | Uint8Array>): SseEvent[] {
  const decoder = new SseDecoder();
  return reads.flatMap((read) => decoder.push(typeof read === "string" ? bytes(read) : read));
}

/** Every data payload the decoder gives for `reads`. */
function decode(...reads: Array<string | Uint8Array>): string[] {
  return decodeEvents(...reads).map((event) => event.data);
}

/** `text` cut into reads of `size` bytes (cutting inside characters and line ends). */
function inReadsOf(size: number, text: string): Uint8Array[] {
  const all = bytes(text);
  const reads: Uint8Array[] = [];
  for (let start = 0; start < all.length; start += size) reads.push(all.slice(start, start + size));
  return reads;
}

describe("SseDecoder", () => {
  it("gives each event's data at its blank line, whatever the line ends (LF, CRLF, CR)", () => {
    expect(decode('data: {"a":1}\n\ndata: {"b":2}\r\n\r\ndata: {"c":3}\r\r')).to.deep.equal([
      '{"a":1}',
      '{"b":2}',
      '{"c":3}',
    ]);
  });

  it("skips an event without data: a bare event line, or only empty data lines", () => {
    expect(
      decode("event: noise\r\n\r\ndata: 1\n\ndata:\n\nevent: ping\ndata: \n\ndata: 2\n\n"),
    ).to.deep.equal(["1", "2"]);
  });

  it("skips comment lines, even inside an event, and fields other than data and event", () => {
    expect(
      decodeEvents(": keep-alive\n\nid: 7\ndata: x\n: note\nretry: 10\nevent: message\n\n"),
    ).to.deep.equal([{ event: "message", data: "x" }]);
  });

  it('joins the data lines of one event with "\\n" and takes one space after the colon only', () => {
    expect(decode("data:a\ndata:  b\ndata\n\n")).to.deep.equal(["a\n b\n"]);
  });

  it('gives each event the last name it set, and an event without one the name ""', () => {
    expect(
      decodeEvents(
        "event: message_start\ndata: 1\n\ndata: 2\n\nevent:ping\r\ndata: 3\r\n\r\n" +
          "event: a\nevent:  b\ndata: 4\n\nevent\ndata: 5\n\nevent: x\ndata: 6\nevent:\n\n",
      ),
    ).to.deep.equal([
      { event: "message_start", data: "1" },
      { event: "", data: "2" },
      { event: "ping", data: "3" },
      { event: " b", data: "4" },
      { event: "", data: "5" },
      { event: "", data: "6" },
    ]);
  });

  it("forgets the name of an event it skipped for lack of data", () => {
    expect(decodeEvents("event: error\n\ndata: 1\n\n")).to.deep.equal([{ event: "", data: "1" }]);
  });

  it("reads only lines whose field name is exactly data or event", () => {
    expect(
      decodeEvents("events: a\ndatas: b\nDATA: c\nEvent: d\ndat: e\nevent: kept\ndata: f\n\n"),
    ).to.deep.equal([{ event: "kept", data: "f" }]);
  });

  it("decodes the same events from any split into reads: inside characters and between CR and LF", () => {
    const text =
      "data: Olá 😀\r\n\r\n: c\r\nevent: noise\r\n\r\nevent: naïve\r\ndata: 日本語\r\ndata: naïve\r\n\r\n";
    const whole = decodeEvents(text);
    expect(whole).to.deep.equal([
      { event: "", data: "Olá 😀" },
      { event: "naïve", data: "日本語\nnaïve" },
    ]);
    for (const size of [1, 2, 3, 5, 7])
      expect(decodeEvents(...inReadsOf(size, text)), `${size}`).to.deep.equal(whole);
  });

  it("decodes a body mixing LF, CR and CRLF line ends the same from any split into reads", () => {
    const text = "event: a\ndata: 1\r\rdata: 2\r\ndata: 3\n\n: c\revent: b\r\ndata: 4\n\r\n";
    const whole = decodeEvents(text);
    expect(whole).to.deep.equal([
      { event: "a", data: "1" },
      { event: "", data: "2\n3" },
      { event: "b", data: "4" },
    ]);
    for (const size of [1, 2, 3, 4, 6, 11])
      expect(decodeEvents(...inReadsOf(size, text)), `${size}`).to.deep.equal(whole);
  });

  it("gives the same events for random bodies whole and cut into random reads", () => {
    let seed = 7;
    const random = (below: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % below;
    };
    const pieces = ["data: x", "data:é😀", "data", "event: e", "event:", ": c", "id: 1", "", "data: 日"];
    const ends = ["\n", "\r", "\r\n"];
    for (let body = 0; body < 300; body++) {
      let text = "";
      for (let line = random(12); line > 0; line--) text += pieces[random(pieces.length)] + ends[random(3)];
      const all = bytes(text);
      const reads: Uint8Array[] = [];
      for (let start = 0; start < all.length; ) {
        const end = start + 1 + random(9);
        reads.push(all.slice(start, end));
        start = end;
      }
      expect(decodeEvents(...reads), JSON.stringify(text)).to.deep.equal(decodeEvents(text));
    }
  });

  it("drops a byte order mark opening the body, even split across reads, and keeps one anywhere else", () => {
    const text = "\ufeffdata: 1\n\ndata: \ufeff2\n\n\ufeffdata: 3\n\n";
    expect(decode(text)).to.deep.equal(["1", "\ufeff2"]);
    expect(decode(...inReadsOf(1, text))).to.deep.equal(["1", "\ufeff2"]);
  });

  it("keeps an event open across a CR at the end of one read and a LF opening the next", () => {
    expect(decode("data: a\r", "\ndata: b\r", "\n\r", "\n")).to.deep.equal(["a\nb"]);
  });

  it("drops an event the body ends before its blank line (the spec's rule)", () => {
    expect(decode("data: 1\n\ndata: 2\n")).to.deep.equal(["1"]);
  });

  it("decodes a long line arriving in many reads in time proportional to its length", () => {
    const line = "x".repeat(8 * 1024 * 1024);
    const reads = inReadsOf(16 * 1024, `data: ${line}\n\n`);
    const started = performance.now();
    const decoder = new SseDecoder();
    const events = reads.flatMap((read) => decoder.push(read));
    // Rescanning the pending line on each of the 512 reads took seconds; one pass takes milliseconds.
    expect(performance.now() - started).to.be.below(1_500);
    expect(events.map((event) => event.data.length)).to.deep.equal([line.length]);
  });

  it("throws once a line or an event's data passes maxEventLength", () => {
    expect(() => new SseDecoder(10).push(bytes("data: 12345678901"))).to.throw(/longer than 10/);
    const decoder = new SseDecoder(10);
    expect(() => decoder.push(bytes("data: 123456\ndata: 7890\n"))).to.throw(/longer than 10/);
    expect(new SseDecoder(10).push(bytes("data: 1234\n\n")).map((event) => event.data)).to.deep.equal([
      "1234",
    ]);
  });
});
