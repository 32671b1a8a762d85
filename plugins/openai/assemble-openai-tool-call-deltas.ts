import type { StreamEvent } from "../../src/index.js";
import type { OpenAIToolCallDelta } from "./openai-api-types.js";

interface AssembledCall {
  /** The delta's `index`, when the server sends one. */
  index: number | undefined;
  /** The server's id; empty when it sent none. */
  id: string;
  name: string;
  arguments: string;
  isFunction: boolean;
  /** Position in the final `toolCalls`, given once the call has a name and has been announced. */
  position?: number;
}

/** A call as it goes into the `tool_calls` of the completion `mapOpenAIResponse` reads. */
export interface AssembledOpenAIToolCall {
  id: string;
  type: "function";
  function: { name: string; arguments: string };
}

/**
 * Puts streamed tool-call deltas back together. OpenAI sends the id and name on a call's first
 * delta and only its `index` on the next ones; compatible servers differ: Ollama
 * sends every call whole with `index` 0, vLLM may send no id after the first delta, others send no
 * index at all. So a delta with an id not seen yet starts a new call, whatever its index; a delta
 * without an id continues the latest call with its index, or the latest call when it has none.
 */
export class OpenAIToolCallAssembler {
  private readonly calls: AssembledCall[] = [];
  private latest: AssembledCall | undefined;
  private announced = 0;

  /** The events one delta gives: `tool-call-start` once the call has a name, then its argument pieces. */
  add(delta: OpenAIToolCallDelta): StreamEvent[] {
    const call = this.callFor(delta);
    this.latest = call;
    const name: unknown = delta.function?.name;
    if (typeof name === "string" && name !== "" && !call.name) call.name = name;
    const piece = argumentsPiece(delta.function?.arguments);
    call.arguments += piece;
    if (call.position !== undefined) {
      return piece ? [{ type: "tool-call-delta", index: call.position, argumentsDelta: piece }] : [];
    }
    if (!call.name || !call.isFunction) return [];
    const position = this.announced++;
    call.position = position;
    // Same rule as the non-streaming mapping: a call the server sent without an id gets call_<position>.
    call.id ||= `call_${position}`;
    const events: StreamEvent[] = [
      { type: "tool-call-start", index: position, id: call.id, name: call.name },
    ];
    // Arguments that came before the name are sent in one piece with the start.
    if (call.arguments)
      events.push({ type: "tool-call-delta", index: position, argumentsDelta: call.arguments });
    return events;
  }

  /**
   * A function call that got an id or arguments but never a name: it was never announced and
   * cannot be run, so the reply is refused rather than the call dropped silently.
   */
  unnamedCall(): boolean {
    return this.calls.some(
      (call) => call.isFunction && !call.name && (call.id !== "" || call.arguments !== ""),
    );
  }

  /** The announced function calls in the order of their positions. */
  toolCalls(): AssembledOpenAIToolCall[] {
    return this.calls
      .filter((call) => call.position !== undefined)
      .sort((a, b) => (a.position ?? 0) - (b.position ?? 0))
      .map((call) => ({
        id: call.id,
        type: "function" as const,
        function: { name: call.name, arguments: call.arguments },
      }));
  }

  private callFor(delta: OpenAIToolCallDelta): AssembledCall {
    const index = typeof delta.index === "number" ? delta.index : undefined;
    const id = typeof delta.id === "string" ? delta.id : "";
    if (id) {
      const known = this.calls.find((call) => call.id === id);
      if (known) return known;
      return this.start(index, id, delta.type);
    }
    if (index !== undefined) {
      const sameIndex = this.calls.findLast((call) => call.index === index);
      return sameIndex ?? this.start(index, "", delta.type);
    }
    return this.latest ?? this.start(undefined, "", delta.type);
  }

  private start(index: number | undefined, id: string, type: string | undefined): AssembledCall {
    const call: AssembledCall = {
      index,
      id,
      name: "",
      arguments: "",
      isFunction: (type ?? "function") === "function",
    };
    this.calls.push(call);
    return call;
  }
}

/** A streamed piece of arguments: text as sent; another value (a whole object) as its JSON. */
function argumentsPiece(value: unknown): string {
  if (typeof value === "string") return value;
  return value === undefined || value === null ? "" : JSON.stringify(value);
}
