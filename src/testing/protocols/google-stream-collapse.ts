/**
 * The `GenerateContentResponse` Gemini sends whole (`generateContent`) for the same reply as the
 * chunks of a `streamGenerateContent` stream, written apart from the google plugin as a test
 * oracle: adjacent text parts of one kind joined into one part that keeps their thought signature,
 * each call whole (a call streamed as Vertex `partialArgs` rebuilt from its jsonPaths), the last
 * finishReason and usage (Gemini's streamed usage is cumulative), the first responseId.
 */

type Json = Record<string, unknown>;

interface StreamPart {
  text?: string;
  thought?: boolean;
  thoughtSignature?: string;
  functionCall?: {
    name?: string;
    args?: Json;
    id?: string;
    willContinue?: boolean;
    partialArgs?: Array<Json & { jsonPath?: string; willContinue?: boolean }>;
  };
}

interface StreamChunk {
  candidates?: Array<{ content?: { parts?: StreamPart[] }; finishReason?: string }>;
  usageMetadata?: Json;
  modelVersion?: string;
  responseId?: string;
}

export function collapseGoogleStream(payloads: unknown[]): Json {
  const chunks = payloads as StreamChunk[];
  const parts: StreamPart[] = [];
  let streaming: { part: StreamPart; args: Json; lastPath?: string } | undefined;
  for (const part of chunks.flatMap((chunk) => chunk.candidates?.[0]?.content?.parts ?? [])) {
    const call = part.functionCall;
    if (call?.name !== undefined && (call.willContinue || call.partialArgs)) {
      const args: Json = {};
      streaming = { part: { functionCall: { name: call.name, args } }, args };
      if (call.id) (streaming.part.functionCall as Json).id = call.id;
      if (part.thoughtSignature) streaming.part.thoughtSignature = part.thoughtSignature;
      parts.push(streaming.part);
    } else if (call?.name !== undefined) {
      streaming = undefined;
      parts.push(part);
      continue;
    }
    if (call && streaming) {
      for (const fragment of call.partialArgs ?? []) streaming.lastPath = place(streaming, fragment);
      if (!call.willContinue) streaming = undefined;
      continue;
    }
    if (call) continue;
    streaming = undefined;
    joinText(parts, part);
  }
  const finishReason = chunks
    .map((chunk) => chunk.candidates?.[0]?.finishReason)
    .filter(Boolean)
    .pop();
  const last = chunks[chunks.length - 1] ?? {};
  return {
    candidates: [{ content: { role: "model", parts }, finishReason, index: 0 }],
    usageMetadata: last.usageMetadata,
    modelVersion: last.modelVersion,
    responseId: chunks.find((chunk) => chunk.responseId)?.responseId,
  };
}

function joinText(parts: StreamPart[], part: StreamPart): void {
  const previous = parts[parts.length - 1];
  const joinable =
    previous !== undefined &&
    typeof previous.text === "string" &&
    typeof part.text === "string" &&
    (previous.thought === true) === (part.thought === true);
  if (!joinable) {
    parts.push({ ...part });
    return;
  }
  previous.text = `${previous.text}${part.text}`;
  if (part.thoughtSignature) previous.thoughtSignature = part.thoughtSignature;
}

/** Puts one fragment's value at its jsonPath (`$.a[0].b`); a string continues while willContinue. */
function place(
  streaming: { args: Json; lastPath?: string },
  fragment: Json & { jsonPath?: string; willContinue?: boolean },
): string | undefined {
  const path = String(fragment.jsonPath ?? "");
  const keys = [...path.matchAll(/\.([^.[\]]+)|\[(\d+)\]/g)].map((m) =>
    m[2] === undefined ? m[1] : Number(m[2]),
  );
  let value: unknown = fragment.stringValue ?? fragment.numberValue ?? fragment.boolValue;
  if ("nullValue" in fragment) value = null;
  if (value === undefined || keys.length === 0) return undefined;
  let node: Json = streaming.args;
  keys.slice(0, -1).forEach((key, position) => {
    const holder = node as Record<string | number, unknown>;
    holder[key] ??= typeof keys[position + 1] === "number" ? [] : {};
    node = holder[key] as Json;
  });
  const leaf = keys[keys.length - 1];
  const holder = node as Record<string | number, unknown>;
  const continued = streaming.lastPath === path && typeof holder[leaf] === "string";
  holder[leaf] = continued ? `${holder[leaf]}${value}` : value;
  return fragment.willContinue && typeof value === "string" ? path : undefined;
}
