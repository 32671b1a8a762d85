import type { RequestContext, StreamEvent } from "../../src/index.js";
import { PORTABLE_TOOL_CALL_ID_RULE } from "./tool-call-id-rules.js";
import { translateRepeatedToolCallId } from "./translate-tool-call-id.js";

type ToolCallStart = Extract<StreamEvent, { type: "tool-call-start" }>;

/**
 * The ids of a stream's `tool-call-start` events as `translateOutputToolCalls` gives them to the
 * finished output: a portable id stays, another is minted from it, and a call reusing an earlier
 * call's id gets the repeat's id. That translation depends only on a call's own id and on how
 * many earlier calls of the output had it, so counting the ids a stream has started gives each
 * start the id its call will end with. Counts are kept per request (only the attempt that
 * delivered events has its starts here) and go with it.
 */
export class StreamToolCallIds {
  private readonly started = new WeakMap<RequestContext, Map<string, number>>();

  translate(event: ToolCallStart, context: RequestContext): ToolCallStart | undefined {
    let seen = this.started.get(context);
    if (seen === undefined) {
      seen = new Map();
      this.started.set(context, seen);
    }
    const original = typeof event.id === "string" ? event.id : "";
    const occurrence = seen.get(original) ?? 0;
    seen.set(original, occurrence + 1);
    const id = translateRepeatedToolCallId(original, occurrence, PORTABLE_TOOL_CALL_ID_RULE);
    return id === event.id ? undefined : { ...event, id };
  }
}
