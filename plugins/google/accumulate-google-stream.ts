import { ConnectionError, type StreamEvent } from "../../src/index.js";
import { type GooglePartialArg, GooglePartialArgsAssembler } from "./assemble-google-partial-args.js";
import type {
  GoogleCandidate,
  GoogleResponse,
  GoogleResponsePart,
  GoogleUsageMetadata,
} from "./google-api-types.js";
import { GoogleToolCallIdAssigner } from "./google-tool-call-id.js";
import {
  type GoogleResponseTarget,
  googleNoCandidateError,
  mapGoogleResponse,
  responseParts,
} from "./map-google-response.js";

/** A `functionCall` as a stream may carry it: whole, or opened, fed and closed over several parts. */
interface StreamedFunctionCall {
  name?: string;
  args?: Record<string, unknown> | null;
  id?: string;
  partialArgs?: GooglePartialArg[];
  willContinue?: boolean;
}

/** The chunk's candidate 0, when it carries one that is an object. */
function firstCandidate(chunk: GoogleResponse): GoogleCandidate | undefined {
  if (!Array.isArray(chunk.candidates)) return undefined;
  return chunk.candidates.find(
    (each): each is GoogleCandidate => typeof each === "object" && each !== null && (each.index ?? 0) === 0,
  );
}

/** A call whose arguments are still arriving as `partialArgs`. */
interface OpenCall {
  index: number;
  part: GoogleResponsePart & { functionCall: { name: string; args?: Record<string, unknown>; id?: string } };
  args: GooglePartialArgsAssembler;
}

/**
 * Turns the chunks of `streamGenerateContent` into stream events as they come, and keeps what the
 * final output needs: every part in order (a streamed call folded into one part), the last
 * finishReason and usageMetadata (Gemini's usage is cumulative), the model version. The final
 * output is `mapGoogleResponse` of that merged reply, with the IDs announced on the way, so it
 * equals what `generateContent` returns for the same reply.
 */
export class GoogleStreamAccumulator {
  private readonly parts: GoogleResponsePart[] = [];
  private readonly ids = new GoogleToolCallIdAssigner();
  private readonly toolCallIds: string[] = [];
  private open: OpenCall | undefined;
  private sawCandidate = false;
  private finishReason: string | undefined;
  private usage: GoogleUsageMetadata | undefined;
  private modelVersion: string | undefined;
  private responseId: string | undefined;

  constructor(private readonly target: GoogleResponseTarget) {}

  /**
   * The events one chunk brings, in part order. Throws a ContentFilterError for a blocked prompt.
   * (Arrays, not generators: a nested generator costs each event promise hops in the stream loop.)
   */
  add(chunk: GoogleResponse): StreamEvent[] {
    const events: StreamEvent[] = [];
    // With candidateCount > 1 a chunk may carry another candidate only; the output is candidate 0's.
    const candidate = firstCandidate(chunk);
    if (!candidate && chunk.promptFeedback?.blockReason) throw googleNoCandidateError(chunk, this.target);
    if (typeof chunk.usageMetadata === "object" && chunk.usageMetadata !== null)
      this.usage = chunk.usageMetadata;
    if (typeof chunk.modelVersion === "string" && chunk.modelVersion) this.modelVersion = chunk.modelVersion;
    const responseId = typeof chunk.responseId === "string" ? chunk.responseId : undefined;
    if (responseId && !this.responseId) this.responseId = responseId;
    this.ids.noteResponseId(responseId);
    if (!candidate) return events;
    this.sawCandidate = true;
    if (typeof candidate.finishReason === "string" && candidate.finishReason)
      this.finishReason = candidate.finishReason;
    for (const part of responseParts(candidate)) this.addPart(part, events);
    return events;
  }

  /**
   * The closing events once the SDK's stream has ended: a still-open call's arguments, then
   * `finish`. A stream that ended without a finishReason was cut: a typed error, never a finish.
   */
  finish(): StreamEvent[] {
    if (this.finishReason === undefined) throw this.incompleteError();
    const events: StreamEvent[] = [];
    this.closeOpenCall(events);
    const reply: GoogleResponse = {
      candidates: this.sawCandidate
        ? [{ content: { role: "model", parts: this.parts }, finishReason: this.finishReason, index: 0 }]
        : [],
      usageMetadata: this.usage,
      modelVersion: this.modelVersion,
      responseId: this.responseId,
    };
    events.push({ type: "finish", output: mapGoogleResponse(reply, this.target, this.toolCallIds) });
    return events;
  }

  private addPart(part: GoogleResponsePart, events: StreamEvent[]): void {
    const call = part.functionCall as StreamedFunctionCall | undefined;
    if (typeof call === "object" && call !== null) {
      this.addCall(part, call, events);
      return;
    }
    this.closeOpenCall(events);
    // A functionCall that is not an object is kept too: the finish refuses it, as generate does.
    this.parts.push(part);
    // Gemini ends a turn with an empty text part that only carries the thought signature.
    if (typeof part.text !== "string" || part.text === "") return;
    if (part.thought === true) {
      events.push({ type: "reasoning-delta", delta: part.text });
      return;
    }
    this.ids.noteText(part.text);
    events.push({ type: "text-delta", delta: part.text });
  }

  private addCall(part: GoogleResponsePart, call: StreamedFunctionCall, events: StreamEvent[]): void {
    const streamed = call.willContinue === true || Array.isArray(call.partialArgs);
    if (!streamed && (call.name !== undefined || call.args !== undefined)) {
      this.closeOpenCall(events);
      const args = call.args ?? {};
      const name = typeof call.name === "string" ? call.name : "";
      const index = this.startCall(part, name, args, call.id);
      events.push({ type: "tool-call-start", index, id: this.toolCallIds[index], name });
      events.push({ type: "tool-call-delta", index, argumentsDelta: JSON.stringify(args) });
      return;
    }
    // A name of another type is kept as it came: the finish then refuses the call.
    if (call.name !== undefined) {
      this.closeOpenCall(events);
      const functionCall = { name: call.name, ...(call.id ? { id: call.id } : {}) };
      const signature = part.thoughtSignature ? { thoughtSignature: part.thoughtSignature } : {};
      const folded = { functionCall, ...signature };
      const index = this.startCall(folded, call.name, undefined, call.id);
      this.open = { index, part: folded, args: new GooglePartialArgsAssembler() };
      const name = typeof call.name === "string" ? call.name : "";
      events.push({ type: "tool-call-start", index, id: this.toolCallIds[index], name });
    }
    // A fragment or terminator with no call open (a stream joined late) has nowhere to go.
    const open = this.open;
    if (!open) return;
    for (const partial of call.partialArgs ?? []) open.args.add(partial);
    if (part.thoughtSignature && !open.part.thoughtSignature)
      open.part.thoughtSignature = part.thoughtSignature;
    if (call.willContinue !== true) this.closeOpenCall(events);
  }

  /** Names the call (as `generateContent` would) and files its part; returns its index. */
  private startCall(part: GoogleResponsePart, name: string, args: unknown, id?: string): number {
    this.toolCallIds.push(this.ids.next({ name, args, id }));
    this.parts.push(part);
    return this.toolCallIds.length - 1;
  }

  /** Streamed arguments go out in one delta once complete: fragments by path are not JSON text. */
  private closeOpenCall(events: StreamEvent[]): void {
    const open = this.open;
    if (!open) return;
    this.open = undefined;
    open.part.functionCall.args = open.args.args;
    events.push({
      type: "tool-call-delta",
      index: open.index,
      argumentsDelta: JSON.stringify(open.args.args),
    });
  }

  private incompleteError(): ConnectionError {
    const where = this.open ? " inside a tool call's arguments" : "";
    return new ConnectionError(`the Gemini stream ended${where} without a finishReason (cut short)`, {
      provider: this.target.provider,
      model: this.target.model,
      fix: "retry the request; the connection was closed before Gemini finished the reply",
    });
  }
}
