import type { ServerResponse } from "node:http";
import type { LLMOutput } from "../contract/output.js";
import type { StreamEvent } from "../contract/stream.js";
import { toOpenAIFinishReason, toOpenAIUsage } from "./to-chat-completion.js";

/**
 * Writes the runtime's stream events as OpenAI `chat.completion.chunk` Server-Sent Events: a role
 * chunk, content and tool-call deltas as they arrive, a finish chunk, the usage chunk (`choices: []`)
 * when the caller asked for `stream_options.include_usage`, then `data: [DONE]`.
 */
export class SseChunkWriter {
  constructor(
    private readonly response: ServerResponse,
    private readonly id: string,
    private readonly created: number,
    /** The model named in the chunks until the answering model is known (at finish). */
    private readonly requestedModel: string,
    private readonly includeUsage: boolean,
  ) {}

  private chunk(delta: Record<string, unknown>, finishReason: string | null, model = this.requestedModel) {
    const body: Record<string, unknown> = {
      id: this.id,
      object: "chat.completion.chunk",
      created: this.created,
      model,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    };
    // With include_usage, OpenAI sends `usage: null` on every chunk but the last.
    if (this.includeUsage) body.usage = null;
    return body;
  }

  /** Writes one SSE data line; resolves once the socket has taken it (backpressure) or closed. */
  private send(data: unknown): Promise<void> | undefined {
    // A closed response takes nothing more and will never emit drain (nor close again).
    if (this.response.destroyed || this.response.writableEnded) return undefined;
    const text = `data: ${typeof data === "string" ? data : JSON.stringify(data)}\n\n`;
    if (this.response.write(text)) return undefined;
    return new Promise((resolve) => {
      const done = () => {
        this.response.off("drain", done);
        this.response.off("close", done);
        resolve();
      };
      this.response.on("drain", done);
      this.response.on("close", done);
    });
  }

  start(): Promise<void> | undefined {
    return this.send(this.chunk({ role: "assistant", content: "", refusal: null }, null));
  }

  /** The chunk for one event; `finish` ends the stream (see `finish`). */
  event(event: StreamEvent): Promise<void> | undefined {
    switch (event.type) {
      case "text-delta":
        return this.send(this.chunk({ content: event.delta }, null));
      case "tool-call-start":
        return this.send(
          this.chunk(
            {
              tool_calls: [
                {
                  index: event.index,
                  id: event.id,
                  type: "function",
                  function: { name: event.name, arguments: "" },
                },
              ],
            },
            null,
          ),
        );
      case "tool-call-delta":
        return this.send(
          this.chunk(
            { tool_calls: [{ index: event.index, function: { arguments: event.argumentsDelta } }] },
            null,
          ),
        );
      default:
        // Reasoning text has no place in OpenAI's chunk format; tool-call-end and usage repeat
        // what the deltas and the usage chunk carry.
        return undefined;
    }
  }

  /** The finish chunk, the usage chunk if asked for, and `[DONE]`. */
  async finish(output: LLMOutput): Promise<void> {
    await this.send(this.chunk({}, toOpenAIFinishReason(output.finishReason), output.model));
    if (this.includeUsage) {
      await this.send({
        id: this.id,
        object: "chat.completion.chunk",
        created: this.created,
        model: output.model,
        choices: [],
        usage: toOpenAIUsage(output.usage),
      });
    }
    await this.send("[DONE]");
  }

  /** An error after the stream began: OpenAI's error event, which the SDKs throw as an APIError. */
  async fail(body: unknown): Promise<void> {
    await this.send(body);
  }
}
