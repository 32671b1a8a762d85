/**
 * Streamed Gemini replies (`streamGenerateContent?alt=sse`) for the fake server, shaped like the
 * recorded ones: every event is a whole `GenerateContentResponse`; text comes in pieces; a
 * function call comes whole in one chunk; the last chunk carries `finishReason` and the final
 * usage (every chunk repeats the running usage), and on Gemini 3 the answer's thought signature
 * on an empty text part. An error after status 200 is an event whose data is `{"error":{...}}`.
 *
 * ```ts
 * server.enqueue(googleSseReply(googleStreamChunks({ textChunks: ["Hel", "lo"] })));
 * server.enqueue({ ...googleSseReply(chunks), cutAfterEvents: 1 }); // cut without a finishReason
 * ```
 */
import type { SseReply } from "../fake-server-types.js";
import {
  type GoogleResponseSpec,
  googleGenerateContentResponse,
  googleSseReply,
  googleUsageMetadata,
} from "./google-protocol.js";

export interface GoogleStreamSpec extends GoogleResponseSpec {
  /** The answer text as the chunks split it (default: `text` in one chunk). */
  textChunks?: string[];
  /** Thought-summary text as the chunks split it (default: `thought` in one chunk). */
  thoughtChunks?: string[];
  /** Leave `finishReason` out of the last chunk: a reply Gemini never finished. */
  omitFinishReason?: boolean;
}

type Part = Record<string, unknown>;

/** The chunks of one streamed reply, in order. */
export function googleStreamChunks(spec: GoogleStreamSpec = {}): Record<string, unknown>[] {
  const usage = spec.usage ?? { promptTokens: 10, candidatesTokens: 5 };
  const thoughts = spec.thoughtChunks ?? (spec.thought === undefined ? [] : [spec.thought]);
  const texts = spec.textChunks ?? (spec.text === undefined ? [] : [spec.text]);
  const pieces: Part[][] = [
    ...thoughts.map((text) => [{ text, thought: true }]),
    ...texts.map((text) => [{ text }]),
    ...(spec.functionCalls ?? []).map((call) => [
      {
        functionCall: { name: call.name, args: call.args, ...(call.id ? { id: call.id } : {}) },
        ...(call.thoughtSignature ? { thoughtSignature: call.thoughtSignature } : {}),
      },
    ]),
  ];
  pieces.push([{ text: "", ...(spec.textSignature ? { thoughtSignature: spec.textSignature } : {}) }]);
  return pieces.map((parts, index) => {
    const last = index === pieces.length - 1;
    const running = { ...usage, candidatesTokens: last ? usage.candidatesTokens : index };
    const base = googleGenerateContentResponse({ ...spec, usage: running });
    const candidate: Record<string, unknown> = { content: { parts, role: "model" }, index: 0 };
    if (last && !spec.omitFinishReason) candidate.finishReason = spec.finishReason ?? "STOP";
    return { ...base, candidates: [candidate], usageMetadata: googleUsageMetadata(running) };
  });
}

/** An SSE reply streaming the spec's chunks; `head` adds timing, cuts or hangs. */
export function googleStreamReply(
  spec: GoogleStreamSpec = {},
  head: Omit<SseReply, "kind" | "events"> = {},
): SseReply {
  return googleSseReply(googleStreamChunks(spec), head);
}

/** The data of an error event inside a stream, as Gemini sends it after status 200. */
export function googleStreamErrorData(
  status = 503,
  message = "The model is overloaded. Please try again later.",
) {
  const names: Record<number, string> = { 429: "RESOURCE_EXHAUSTED", 500: "INTERNAL", 503: "UNAVAILABLE" };
  return { error: { code: status, message, status: names[status] ?? "INTERNAL" } };
}
