import { type ChatMessage, type ContentPart, EXTENSION_FIELD, type ToolCall } from "../../src/index.js";

/** What stands in for a text left out of a dump: its length only. */
function omitted(text: string): string {
  return `[omitted: ${text.length} characters]`;
}

/** A `data:` URL without its payload, which no one reads in a dump and which would crowd out the rest. */
function withoutPayload(url: string): string {
  if (!url.startsWith("data:")) return url;
  const comma = url.indexOf(",");
  return comma === -1 ? omitted(url) : `${url.slice(0, comma + 1)}${omitted(url.slice(comma + 1))}`;
}

function dumpPart(part: ContentPart, dumpPrompts: boolean): unknown {
  if (part?.type === "text")
    return { type: "text", text: dumpPrompts ? part.text : omitted(String(part.text)) };
  if (part?.type === "image_url") {
    const url = String(part.image_url?.url ?? "");
    return {
      ...part,
      image_url: { ...part.image_url, url: dumpPrompts ? withoutPayload(url) : omitted(url) },
    };
  }
  if (part?.type === "file") {
    const { file_data, filename, ...rest } = part.file ?? {};
    const file: Record<string, unknown> = { ...rest };
    if (file_data !== undefined)
      file.file_data = dumpPrompts ? withoutPayload(file_data) : omitted(file_data);
    if (filename !== undefined) file.filename = dumpPrompts ? filename : omitted(filename);
    return { type: "file", file };
  }
  return part;
}

function dumpContent(content: unknown, dumpPrompts: boolean): unknown {
  if (typeof content === "string") return dumpPrompts ? content : omitted(content);
  if (Array.isArray(content)) return content.map((part) => dumpPart(part as ContentPart, dumpPrompts));
  return content;
}

function dumpToolCall(call: ToolCall): unknown {
  const args = call?.function?.arguments;
  return {
    ...call,
    function: { ...call?.function, arguments: omitted(typeof args === "string" ? args : "") },
  };
}

/**
 * A message as it goes into a dump. Base64 payloads of images and files are always left out;
 * without `dumpPrompts`, so are message texts, refusals, participant names, tool-call arguments
 * and provider extension data (thinking text), each replaced by its length, while roles, tool
 * names and ids stay, so the shape of the conversation can still be read.
 */
export function redactDumpMessage(message: ChatMessage, dumpPrompts: boolean): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...message, content: dumpContent(message?.content, dumpPrompts) };
  if (dumpPrompts) return copy;
  if (typeof copy.name === "string" && message.role !== "tool") copy.name = omitted(copy.name);
  if (typeof copy.refusal === "string") copy.refusal = omitted(copy.refusal);
  if (message.role === "assistant" && Array.isArray(message.tool_calls)) {
    copy.tool_calls = message.tool_calls.map(dumpToolCall);
  }
  const extension = message.role === "assistant" ? message[EXTENSION_FIELD] : undefined;
  if (extension !== undefined) {
    copy[EXTENSION_FIELD] = {
      providerType: extension?.providerType,
      model: extension?.model,
      data: "[omitted]",
    };
  }
  return copy;
}
