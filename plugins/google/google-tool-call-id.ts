import { createHash } from "node:crypto";

/**
 * The strictest tool-call ID rules among the providers a conversation may move to: Anthropic's
 * pattern `^[a-zA-Z0-9_-]+$` and OpenAI's 40-character limit.
 */
const PORTABLE_ID = /^[a-zA-Z0-9_-]{1,40}$/;

/** Whether an ID Gemini returned can be used as it is by every provider. */
export function isPortableToolCallId(id: string): boolean {
  return PORTABLE_ID.test(id);
}

/**
 * An ID for a Gemini function call that came without one (or with one other providers reject):
 * `call_` + 24 hex digits of a hash of the seed + `_` + the call's position. The same seed always
 * gives the same IDs, and two calls of one response never share one, even when they call the same
 * function with the same arguments.
 */
export function generateGoogleToolCallId(responseSeed: string, index: number): string {
  const digest = createHash("sha256").update(responseSeed).digest("hex").slice(0, 24);
  return `call_${digest}_${index}`;
}

/** A function call as far as it is known when its ID is assigned. */
export interface GoogleCallForId {
  name: string;
  /** Undefined for a call whose arguments are still streaming (Vertex `partialArgs`). */
  args?: unknown;
  id?: string;
}

/**
 * Assigns the IDs of one reply's calls in order, from what precedes each call only, so the
 * streaming path (which must name a call the moment it starts) and `generateContent` give the
 * same IDs for the same reply. The seed is the response's `responseId`; without one, the answer
 * text before the call and every call up to it.
 */
export class GoogleToolCallIdAssigner {
  private readonly used = new Set<string>();
  private readonly seen: unknown[] = [];
  private text = "";
  private count = 0;

  constructor(private responseId?: string) {}

  /** The first non-empty `responseId` of the reply wins (every chunk of a stream repeats it). */
  noteResponseId(responseId: string | null | undefined): void {
    if (!this.responseId && responseId) this.responseId = responseId;
  }

  /** Answer text that came before the next call. */
  noteText(text: string): void {
    this.text += text;
  }

  next(call: GoogleCallForId): string {
    const native = typeof call.id === "string" && call.id !== "" ? call.id : undefined;
    this.seen.push([this.text, call.name, call.args ?? null]);
    const usable = native !== undefined && isPortableToolCallId(native) && !this.used.has(native);
    const seed = this.responseId || JSON.stringify(this.seen);
    const id = usable ? native : generateGoogleToolCallId(seed, this.count);
    this.count += 1;
    this.used.add(id);
    return id;
  }
}
