import type { StreamEvent } from "../../src/index.js";
import type {
  AnthropicResponse,
  AnthropicResponseBlock,
  AnthropicResponseUsage,
  AnthropicStreamDelta,
  AnthropicStreamEvent,
} from "./anthropic-api-types.js";
import { isPendingToolUse } from "./anthropic-turn-extension.js";

/** One content block as its events build it. */
export interface StreamedBlock {
  block: AnthropicResponseBlock;
  /** The input JSON received so far (`input_json_delta`), for tool_use and server-tool blocks. */
  json: string;
  /** True until the block's `content_block_stop`. */
  open: boolean;
  /** Whether `json` was not valid JSON at the block's stop. */
  malformed: boolean;
  /** The call's index in the final `toolCalls`, once its `tool-call-start` went out. */
  callIndex?: number;
}

function isBlockIndex(index: unknown): index is number {
  return typeof index === "number" && Number.isInteger(index) && index >= 0;
}

/** Whether a tool_use was made by a server tool (programmatic tool calling), not by the model. */
function madeByServerTool(block: AnthropicResponseBlock): boolean {
  return typeof (block.caller as { tool_id?: unknown } | undefined)?.tool_id === "string";
}

/**
 * Reads a Messages stream event by event: gives the runtime event each one holds (at most one),
 * and rebuilds the `message` body the same reply has without streaming, so the final output comes
 * from the same `mapAnthropicResponse` as `generate`'s. Usage: input tokens come in
 * `message_start`, the cumulative output tokens (and, on newer API versions, input and cache
 * counts again) in `message_delta`; every non-null field of the later one wins.
 */
export class AnthropicEventAccumulator {
  /** Whether `message_stop` arrived: only then is the reply complete. */
  stopped = false;
  private message: AnthropicResponse = {};
  private usage: AnthropicResponseUsage = {};
  /** By the events' block index (content blocks come in index order). */
  private readonly blocks: StreamedBlock[] = [];
  private nextCallIndex = 0;
  /** Set by the first call a server tool made; see `startBlock`. */
  private holding = false;

  add(event: AnthropicStreamEvent): StreamEvent | undefined {
    switch (event.type) {
      case "message_start":
        this.message = { ...event.message };
        this.usage = { ...event.message?.usage };
        return undefined;
      case "content_block_start":
        return this.startBlock(event);
      case "content_block_delta":
        return this.applyDelta(event);
      case "content_block_stop":
        return this.stopBlock(event);
      case "message_delta":
        this.applyMessageDelta(event);
        return undefined;
      case "message_stop":
        this.stopped = true;
        return undefined;
      default:
        return undefined;
    }
  }

  /** The `message` body of the reply so far, blocks in order. */
  toResponse(): AnthropicResponse {
    return { ...this.message, content: this.finalBlocks(), usage: this.usage };
  }

  /** A `tool_use` still waiting for its `content_block_stop`: the stream ended inside its input. */
  openToolCall(): StreamedBlock | undefined {
    return this.blocks.find((state) => state?.open && state.block.type === "tool_use");
  }

  /** A call for the application whose input is not valid JSON (cut by max_tokens, or malformed). */
  malformedToolCall(): StreamedBlock | undefined {
    const blocks = this.finalBlocks();
    return this.blocks.find((state) => state?.malformed && isPendingToolUse(state.block, blocks));
  }

  /** The events of the calls held back (see `startBlock`), once the whole turn is known. */
  *releaseHeldCalls(): Generator<StreamEvent> {
    if (!this.holding) return;
    const blocks = this.finalBlocks();
    for (const state of this.blocks) {
      if (state?.callIndex !== undefined || !state || !isPendingToolUse(state.block, blocks)) continue;
      state.callIndex = this.nextCallIndex++;
      yield callStart(state.callIndex, state.block);
      const argumentsDelta = JSON.stringify(state.block.input ?? {});
      yield { type: "tool-call-delta", index: state.callIndex, argumentsDelta };
    }
  }

  private finalBlocks(): AnthropicResponseBlock[] {
    return this.blocks.filter((state) => state !== undefined).map((state) => state.block);
  }

  private startBlock(event: AnthropicStreamEvent): StreamEvent | undefined {
    const start = event.content_block;
    if (!isBlockIndex(event.index) || typeof start !== "object" || start === null) return undefined;
    const block = { ...start };
    const state: StreamedBlock = { block, json: "", open: true, malformed: false };
    this.blocks[event.index] = state;
    if (block.type === "text" && block.text) return { type: "text-delta", delta: block.text };
    if (block.type === "thinking" && block.thinking)
      return { type: "reasoning-delta", delta: block.thinking };
    if (block.type !== "tool_use") return undefined;
    // A call a server tool made is the application's to run only if that tool's result does not
    // follow in the turn, which only the end of the turn tells. It and every call after it wait
    // until then, so that each call's index is its place in the final toolCalls.
    if (this.holding || madeByServerTool(block)) {
      this.holding = true;
      return undefined;
    }
    state.callIndex = this.nextCallIndex++;
    return callStart(state.callIndex, block);
  }

  private applyDelta(event: AnthropicStreamEvent): StreamEvent | undefined {
    const state = isBlockIndex(event.index) ? this.blocks[event.index] : undefined;
    const delta = event.delta;
    if (state === undefined || typeof delta !== "object" || delta === null) return undefined;
    return applyBlockDelta(state, delta);
  }

  private stopBlock(event: AnthropicStreamEvent): StreamEvent | undefined {
    const state = isBlockIndex(event.index) ? this.blocks[event.index] : undefined;
    if (state === undefined) return undefined;
    state.open = false;
    if (state.json !== "") {
      try {
        state.block.input = JSON.parse(state.json);
      } catch {
        state.malformed = true;
      }
    }
    // A call whose input came whole in content_block_start (or empty) still gets its arguments out.
    if (state.callIndex === undefined || state.json !== "") return undefined;
    const argumentsDelta = JSON.stringify(state.block.input ?? {});
    return { type: "tool-call-delta", index: state.callIndex, argumentsDelta };
  }

  private applyMessageDelta(event: AnthropicStreamEvent): void {
    const { type: _type, delta, usage, ...fields } = event;
    // Top-level fields besides the delta (context_management) belong to the message too.
    Object.assign(this.message, fields);
    if (typeof delta === "object" && delta !== null) {
      const { type: _deltaType, ...changes } = delta;
      Object.assign(this.message, changes);
    }
    for (const [field, value] of Object.entries(usage ?? {})) {
      if (value !== null && value !== undefined) this.usage[field] = value;
    }
  }
}

/** A call's start; an id or name of the wrong type reads as "" (the finish then refuses the call). */
function callStart(index: number, block: AnthropicResponseBlock): StreamEvent {
  const id = typeof block.id === "string" ? block.id : "";
  return { type: "tool-call-start", index, id, name: typeof block.name === "string" ? block.name : "" };
}

/** One `content_block_delta` applied to its block; the runtime event it gives, if any. */
function applyBlockDelta(state: StreamedBlock, delta: AnthropicStreamDelta): StreamEvent | undefined {
  const { block } = state;
  switch (delta.type) {
    case "text_delta":
      if (!delta.text) return undefined;
      block.text = (block.text ?? "") + delta.text;
      return { type: "text-delta", delta: delta.text };
    case "thinking_delta":
      if (!delta.thinking) return undefined;
      block.thinking = (block.thinking ?? "") + delta.thinking;
      return { type: "reasoning-delta", delta: delta.thinking };
    case "signature_delta":
      block.signature = (block.signature ?? "") + (delta.signature ?? "");
      return undefined;
    case "citations_delta":
      block.citations = [...(Array.isArray(block.citations) ? block.citations : []), delta.citation];
      return undefined;
    case "input_json_delta":
      // Partial JSON, split anywhere (mid-string included); parsed once, at the block's stop.
      if (!delta.partial_json) return undefined;
      state.json += delta.partial_json;
      if (state.callIndex === undefined) return undefined;
      return { type: "tool-call-delta", index: state.callIndex, argumentsDelta: delta.partial_json };
    default:
      return undefined;
  }
}
