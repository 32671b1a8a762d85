import type { LLMOutput, StreamEvent } from "../../src/index.js";
import { type RedactPiiOptions, redactPiiText } from "./redact-pii-text.js";

/**
 * Where the text that is safe to show ends: before the trailing word, which may still grow into an
 * address or a number, and before the words ahead of it that hold a digit, since a phone number
 * spans words (`+47 912 34 567`). An e-mail address never spans a space, and a phone number never
 * spans a word without a digit, so no match can cross this point: what comes before it is redacted
 * now, the rest once more text (or the end of the text) arrives.
 */
export function safeEnd(text: string): number {
  let cut = lastSpaceBefore(text, text.length) + 1;
  while (cut > 0) {
    const wordStart = lastSpaceBefore(text, cut - 1) + 1;
    if (!/\d/.test(text.slice(wordStart, cut - 1))) break;
    cut = wordStart;
  }
  return cut;
}

function lastSpaceBefore(text: string, end: number): number {
  for (let index = end - 1; index >= 0; index--) if (/\s/.test(text[index])) return index;
  return -1;
}

type Channel = "text" | "reasoning" | `tool ${number}`;

function channelOf(event: StreamEvent): Channel | undefined {
  if (event.type === "text-delta") return "text";
  if (event.type === "reasoning-delta") return "reasoning";
  if (event.type === "tool-call-delta") return `tool ${event.index}`;
  return undefined;
}

function deltaOf(event: StreamEvent): string {
  if (event.type === "text-delta" || event.type === "reasoning-delta") return event.delta;
  return event.type === "tool-call-delta" ? event.argumentsDelta : "";
}

function eventFor(channel: Channel, text: string): StreamEvent {
  if (channel === "text") return { type: "text-delta", delta: text };
  if (channel === "reasoning") return { type: "reasoning-delta", delta: text };
  return { type: "tool-call-delta", index: Number(channel.slice(5)), argumentsDelta: text };
}

/**
 * The redaction of one stream's deltas. A delta is shown up to `safeEnd`; the rest is held back
 * (the tap returns `[]` or a shorter delta) and released, redacted, with the next delta of its kind
 * or just before the first event of another kind (`[held, event]`), so an address split across
 * deltas (`bob@` + `corp.com`) never reaches the screen.
 */
export class StreamRedactor {
  private readonly held = new Map<Channel, string>();

  constructor(private readonly options: RedactPiiOptions) {}

  redact(event: StreamEvent): StreamEvent[] {
    const channel = channelOf(event);
    const released = this.release(channel);
    if (channel === undefined) return [...released, event];
    const text = (this.held.get(channel) ?? "") + deltaOf(event);
    const end = safeEnd(text);
    this.held.set(channel, text.slice(end));
    const shown = end === 0 ? [] : [eventFor(channel, redactPiiText(text.slice(0, end), this.options))];
    return [...released, ...shown];
  }

  /** Everything held on channels other than `keep`, redacted, as events. */
  private release(keep: Channel | undefined): StreamEvent[] {
    const events: StreamEvent[] = [];
    for (const [channel, text] of this.held) {
      if (channel === keep || text === "") continue;
      events.push(eventFor(channel, redactPiiText(text, this.options)));
      this.held.set(channel, "");
    }
    return events;
  }
}

/** The output with personal data replaced in its text, reasoning and tool-call arguments. */
export function redactPiiOutput(output: LLMOutput, options: RedactPiiOptions): LLMOutput {
  const redact = (text: string) => redactPiiText(text, options);
  const reasoningInfo = output.reasoningInfo && {
    ...output.reasoningInfo,
    reasoningText: output.reasoningInfo.reasoningText && redact(output.reasoningInfo.reasoningText),
  };
  return {
    ...output,
    content: output.content === null ? null : redact(output.content),
    reasoningInfo,
    toolCalls:
      output.toolCalls?.map((call) => ({
        ...call,
        function: { ...call.function, arguments: redact(call.function.arguments) },
      })) ?? null,
  };
}
