import type { ChatMessage, ContentPart, LLMRequest } from "../../src/index.js";

/** One turn of the Acme Chat API, a made-up provider API for this example. */
export interface AcmeTurn {
  from: "user" | "model" | "tool";
  text?: string;
  /** Inline files (images, PDFs): media type and base64 data. Acme takes no URLs. */
  attachments?: Array<{ mime: string; data: string }>;
  calls?: Array<{ id: string; tool: string; input: unknown }>;
  /** On a `tool` turn: the id of the call it answers. */
  answers?: string;
}

export interface AcmeRequestBody {
  model: string;
  system?: string;
  turns: AcmeTurn[];
  tools?: Array<{ name: string; description?: string; schema?: Record<string, unknown> }>;
  temperature?: number;
  max_output?: number;
}

const DATA_URL = /^data:([^;,]+);base64,(.*)$/s;

function textOf(content: string | ContentPart[] | null | undefined): string {
  if (typeof content === "string") return content;
  return (content ?? []).map((part) => (part.type === "text" ? part.text : "")).join("");
}

/** Text parts joined, data URLs as attachments; a remote URL or an uploaded file id becomes a note. */
function convertUserContent(content: string | ContentPart[]): Pick<AcmeTurn, "text" | "attachments"> {
  if (typeof content === "string") return { text: content };
  const texts: string[] = [];
  const attachments: Array<{ mime: string; data: string }> = [];
  for (const part of content) {
    if (part.type === "text") {
      texts.push(part.text);
      continue;
    }
    const url = part.type === "image_url" ? part.image_url.url : (part.file.file_data ?? "");
    const match = DATA_URL.exec(url);
    if (match) attachments.push({ mime: match[1], data: match[2] });
    else texts.push("[an attachment Acme cannot take: it accepts inline data only]");
  }
  return attachments.length > 0 ? { text: texts.join("\n"), attachments } : { text: texts.join("\n") };
}

/** Arguments are a JSON string in OpenAI format; Acme wants the object (a broken string goes as is). */
function parseArguments(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function convertMessage(message: ChatMessage): AcmeTurn | undefined {
  switch (message.role) {
    case "system":
      return undefined;
    case "user":
      return { from: "user", ...convertUserContent(message.content) };
    case "assistant":
      // The runtime's `llm_runtime` extension field belongs to other providers: never sent.
      return {
        from: "model",
        text: textOf(message.content),
        calls: (message.tool_calls ?? []).map((call) => ({
          id: call.id,
          tool: call.function.name,
          input: parseArguments(call.function.arguments),
        })),
      };
    case "tool":
      return { from: "tool", answers: message.tool_call_id, text: textOf(message.content) };
  }
}

/** The OpenAI-format request as Acme's request body. Pure and total: it never throws. */
export function convertToAcmeRequest(request: LLMRequest): AcmeRequestBody {
  const system = request.messages
    .filter((message) => message.role === "system")
    .map((message) => textOf(message.content))
    .join("\n");
  const turns = request.messages.map(convertMessage).filter((turn) => turn !== undefined);
  const body: AcmeRequestBody = { model: request.model, turns };
  if (system) body.system = system;
  // Acme has no tool choice: "none" is honoured by not declaring the tools.
  if (request.tools?.length && request.toolChoice !== "none") {
    body.tools = request.tools.map(({ function: tool }) => ({
      name: tool.name,
      description: tool.description,
      schema: tool.parameters,
    }));
  }
  const { temperature, max_tokens } = request.params;
  if (typeof temperature === "number") body.temperature = temperature;
  if (typeof max_tokens === "number") body.max_output = max_tokens;
  return body;
}
