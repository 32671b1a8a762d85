import { hash } from "node:crypto";
import type { ToolCallIdFormat } from "../../src/index.js";
import { hashToolCallId } from "../../src/provider-utils.js";

/**
 * Gemini's tool-call-ID rule, declared with the provider's registration: it documents no format and
 * echoes whatever id a call carries, so any non-empty ID is kept as it is.
 */
export const GOOGLE_TOOL_CALL_IDS: ToolCallIdFormat = {
  pattern: /^[\s\S]+$/,
  mint: (foreignId) => hashToolCallId(foreignId),
};

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
  return toolCallId(seedDigest(responseSeed), index);
}

function toolCallId(digest: string, index: number): string {
  return `call_${digest}_${index}`;
}

/** One-shot `hash`: a third of the cost of a `createHash` object, for the same digest. */
function seedDigest(responseSeed: string): string {
  return hash("sha256", responseSeed, "hex").slice(0, 24);
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
  /** The digest of the last seed: with a `responseId`, every call of the reply has the same seed. */
  private digest?: { seed: string; value: string };

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
    // What preceded each call is the seed only while there is no responseId, and once there is
    // one it stays: calls made after it need not be remembered.
    if (!this.responseId) this.seen.push([this.text, call.name, call.args ?? null]);
    const usable = native !== undefined && isPortableToolCallId(native) && !this.used.has(native);
    const id = usable
      ? native
      : toolCallId(this.digestOf(this.responseId || JSON.stringify(this.seen)), this.count);
    this.count += 1;
    this.used.add(id);
    return id;
  }

  private digestOf(seed: string): string {
    if (this.digest?.seed !== seed) this.digest = { seed, value: seedDigest(seed) };
    return this.digest.value;
  }
}
