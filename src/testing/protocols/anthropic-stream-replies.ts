/**
 * Streamed Anthropic replies for the fake server, shaped like the recorded ones: text, thinking
 * and tool input in many small deltas (tool input as partial JSON cut anywhere, mid-string
 * included), and the `event: error` Anthropic sends after HTTP 200 when it fails mid-stream.
 * Timing, cuts and silences come from the SSE reply's own options.
 *
 * ```ts
 * server.enqueue(anthropicStreamReply({ text: "Hello there" }, { pieceLength: 3, eventDelayMs: 5 }));
 * const events = anthropicStreamEvents({ text: "Hello" });
 * server.enqueue(anthropicSseReply([...events.slice(0, 4), anthropicStreamErrorEvent()]));
 * server.enqueue(anthropicStreamReply({ text: "Hello" }, { cutAfterEvents: 4 })); // no message_stop
 * ```
 */
import type { SseEvent, SseReply } from "../fake-server-types.js";
import { type AnthropicMessageSpec, anthropicSseReply, anthropicStreamEvents } from "./anthropic-protocol.js";

/** The field holding the streamed text of each delta type that is split into pieces. */
const SPLIT_FIELDS: Record<string, string> = {
  text_delta: "text",
  thinking_delta: "thinking",
  input_json_delta: "partial_json",
};

/** `text` in pieces of `length` code points (a multi-byte character is never cut in two). */
function pieces(text: string, length: number): string[] {
  const characters = Array.from(text);
  const result: string[] = [];
  for (let start = 0; start < characters.length; start += length) {
    result.push(characters.slice(start, start + length).join(""));
  }
  return result.length === 0 ? [text] : result;
}

/**
 * The same events with every text, thinking and input-JSON delta split into deltas of at most
 * `pieceLength` characters, as the API streams them.
 */
export function splitAnthropicDeltas(events: SseEvent[], pieceLength: number): SseEvent[] {
  const length = Math.max(1, Math.floor(pieceLength));
  return events.flatMap((event) => {
    const data = event.data as { type?: string; delta?: Record<string, unknown> } | undefined;
    const field = data?.type === "content_block_delta" ? SPLIT_FIELDS[String(data.delta?.type)] : undefined;
    const text = field === undefined ? undefined : data?.delta?.[field];
    if (field === undefined || typeof text !== "string") return [event];
    return pieces(text, length).map((piece) => ({
      ...event,
      data: { ...data, delta: { ...data?.delta, [field]: piece } },
    }));
  });
}

/** The events with the one text block's single `text_delta` replaced by one delta per piece. */
function withTextPieces(events: SseEvent[], textPieces: string[]): SseEvent[] {
  return events.flatMap((event) => {
    const data = event.data as { type?: string; delta?: { type?: string } } | undefined;
    if (data?.type !== "content_block_delta" || data.delta?.type !== "text_delta") return [event];
    return textPieces.map((text) => ({ ...event, data: { ...data, delta: { type: "text_delta", text } } }));
  });
}

export interface AnthropicStreamReplyOptions extends Omit<SseReply, "kind" | "events"> {
  /** Split deltas into pieces of this many characters (default: one delta per block). */
  pieceLength?: number;
  /** The reply's one text block, as these deltas (replaces `spec.text`). */
  textPieces?: string[];
}

/** An SSE reply streaming the message `spec` describes; `options` add splitting, timing, cuts. */
export function anthropicStreamReply(
  spec: AnthropicMessageSpec = {},
  options: AnthropicStreamReplyOptions = {},
): SseReply {
  const { pieceLength, textPieces, ...head } = options;
  let events = anthropicStreamEvents(textPieces ? { ...spec, text: textPieces.join("") } : spec);
  if (textPieces) events = withTextPieces(events, textPieces);
  if (pieceLength !== undefined) events = splitAnthropicDeltas(events, pieceLength);
  return anthropicSseReply(events, head);
}

export interface AnthropicStreamErrorSpec {
  /** Anthropic's `error.type` (default `overloaded_error`). */
  type?: string;
  message?: string;
  requestId?: string;
}

/**
 * The `event: error` Anthropic sends inside a stream that already answered 200 (overload in the
 * middle of a reply): `{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}`.
 */
export function anthropicStreamErrorEvent(spec: AnthropicStreamErrorSpec = {}): SseEvent {
  const error = { type: spec.type ?? "overloaded_error", message: spec.message ?? "Overloaded" };
  const data = { type: "error", error, ...(spec.requestId ? { request_id: spec.requestId } : {}) };
  return { event: "error", data };
}
