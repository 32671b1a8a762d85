/**
 * The `message` Anthropic returns whole (non-streaming) for the same reply as the events of a
 * Messages stream, written apart from the anthropic plugin as a test oracle: `message_start`'s
 * message, each block from its `content_block_start` with its deltas applied (text, thinking,
 * signature, citations; `input_json_delta` parsed into `input` for every block type that has one,
 * `mcp_tool_use` included), and `message_delta`'s fields, usage merged field by field.
 */

type Json = Record<string, unknown>;

interface StreamPayload {
  type?: string;
  index?: number;
  message?: Json;
  content_block?: Json;
  delta?: Json & { type?: string };
  usage?: Json;
}

/** The text a delta appends, by delta type, and the block field it appends to. */
const APPENDED: Record<string, [deltaField: string, blockField: string]> = {
  text_delta: ["text", "text"],
  thinking_delta: ["thinking", "thinking"],
  signature_delta: ["signature", "signature"],
};

function applyDelta(block: Json, delta: Json & { type?: string }, json: string[], index: number): void {
  const appended = APPENDED[delta.type ?? ""];
  if (appended) {
    const [from, to] = appended;
    block[to] = String(block[to] ?? "") + String(delta[from] ?? "");
  } else if (delta.type === "input_json_delta") {
    json[index] = (json[index] ?? "") + String(delta.partial_json ?? "");
  } else if (delta.type === "citations_delta") {
    block.citations = [...((block.citations as unknown[] | null) ?? []), delta.citation];
  }
}

/** The non-streaming body of the reply these stream payloads (one per SSE event) carry. */
export function collapseAnthropicStream(payloads: unknown[]): Json {
  let message: Json = {};
  let usage: Json = {};
  const blocks: Json[] = [];
  const json: string[] = [];
  for (const payload of payloads as StreamPayload[]) {
    const index = payload.index ?? -1;
    if (payload.type === "message_start") {
      message = { ...payload.message };
      usage = { ...(payload.message?.usage as Json | undefined) };
    } else if (payload.type === "content_block_start" && payload.content_block) {
      blocks[index] = { ...payload.content_block };
    } else if (payload.type === "content_block_delta" && blocks[index] && payload.delta) {
      applyDelta(blocks[index], payload.delta, json, index);
    } else if (payload.type === "message_delta") {
      const { type: _type, delta, usage: lateUsage, ...rest } = payload;
      const { type: _deltaType, ...changes } = delta ?? {};
      Object.assign(message, rest, changes);
      for (const [field, value] of Object.entries(lateUsage ?? {})) if (value != null) usage[field] = value;
    }
  }
  const content = blocks.map((block, index) =>
    json[index] ? { ...block, input: JSON.parse(json[index] as string) } : block,
  );
  return { ...message, content: content.filter((block) => block !== undefined), usage };
}
