import type { StreamEvent } from "../../contract/stream.js";
import type { PartialOutput } from "../../errors/provider-errors.js";

/** Accumulates what a stream has delivered, for the error that ends it early. */
export class PartialOutputAssembler {
  private content = "";
  private reasoningText = "";
  private readonly toolCalls: PartialOutput["toolCalls"] = [];
  /** Whether anything has reached the caller (after which a failure is never retried). */
  delivered = false;

  add(event: StreamEvent): void {
    switch (event.type) {
      case "text-delta":
        this.content += event.delta;
        break;
      case "reasoning-delta":
        this.reasoningText += event.delta;
        break;
      case "tool-call-start":
        this.toolCalls.push({ index: event.index, id: event.id, name: event.name, arguments: "" });
        break;
      case "tool-call-delta": {
        const call = this.toolCalls.find((each) => each.index === event.index);
        if (call) call.arguments += event.argumentsDelta;
        break;
      }
      default:
        return;
    }
    this.delivered = true;
  }

  snapshot(): PartialOutput {
    return { content: this.content, reasoningText: this.reasoningText, toolCalls: this.toolCalls };
  }
}
