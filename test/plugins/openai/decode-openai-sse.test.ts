import { expect } from "chai";
import { OpenAISseDecoder } from "../../../plugins/openai/decode-openai-sse.js";

const bytes = (text: string) => new TextEncoder().encode(text);

/** Every data payload the decoder gives for `reads`, each read pushed as it comes. */
function decode(...reads: Array<string | Uint8Array>): string[] {
  const decoder = new OpenAISseDecoder();
  return reads.flatMap((read) => decoder.push(typeof read === "string" ? bytes(read) : read));
}

/** `text` cut into reads of `size` bytes (cutting inside characters and line ends). */
function inReadsOf(size: number, text: string): Uint8Array[] {
  const all = bytes(text);
  const reads: Uint8Array[] = [];
  for (let start = 0; start < all.length; start += size) reads.push(all.slice(start, start + size));
  return reads;
}

describe("OpenAISseDecoder", () => {
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

  it("skips comment lines, even inside an event, and fields other than data", () => {
    expect(decode(": keep-alive\n\nid: 7\ndata: x\n: note\nretry: 10\nevent: message\n\n")).to.deep.equal([
      "x",
    ]);
  });

  it('joins the data lines of one event with "\\n" and takes one space after the colon only', () => {
    expect(decode("data:a\ndata:  b\ndata\n\n")).to.deep.equal(["a\n b\n"]);
  });

  it("decodes the same events from any split into reads: inside characters and between CR and LF", () => {
    const text = "data: Olá 😀\r\n\r\n: c\r\nevent: noise\r\n\r\ndata: 日本語\r\ndata: naïve\r\n\r\n";
    const whole = decode(text);
    expect(whole).to.deep.equal(["Olá 😀", "日本語\nnaïve"]);
    for (const size of [1, 2, 3, 5, 7])
      expect(decode(...inReadsOf(size, text)), `${size}`).to.deep.equal(whole);
  });

  it("keeps an event open across a CR at the end of one read and a LF opening the next", () => {
    expect(decode("data: a\r", "\ndata: b\r", "\n\r", "\n")).to.deep.equal(["a\nb"]);
  });

  it("drops an event the body ends before its blank line (the spec's rule)", () => {
    expect(decode("data: 1\n\ndata: 2\n")).to.deep.equal(["1"]);
  });
});
