import { type ContentPart, InvalidRequestError } from "../../src/index.js";
import type {
  AnthropicContentBlock,
  AnthropicDocumentBlock,
  AnthropicImageBlock,
} from "./anthropic-api-types.js";

/** Which provider instance and model a conversion is for; named in every error it throws. */
export interface ConversionTarget {
  provider: string;
  model: string;
}

/** The image media types Anthropic accepts in an image block. */
const ANTHROPIC_IMAGE_TYPES = new Set(["image/jpeg", "image/png", "image/gif", "image/webp"]);

interface DataUrl {
  mediaType: string;
  base64: string;
}

/** Splits `data:<mime>[;param...];base64,<data>`; undefined for anything else. */
export function parseDataUrl(url: string): DataUrl | undefined {
  const match = /^data:([^;,]+)((?:;[^;,]*)*);base64,(.*)$/s.exec(url);
  if (!match) return undefined;
  return { mediaType: (match[1] ?? "").toLowerCase(), base64: match[3] ?? "" };
}

/** OpenAI-format user content as Anthropic blocks; empty text parts are left out. */
export function convertAnthropicUserContent(
  content: string | ContentPart[],
  target: ConversionTarget,
): AnthropicContentBlock[] {
  if (typeof content === "string") return content === "" ? [] : [{ type: "text", text: content }];
  const blocks: AnthropicContentBlock[] = [];
  for (const part of content) {
    if (part.type === "text") {
      if (part.text !== "") blocks.push({ type: "text", text: part.text });
    } else if (part.type === "image_url") {
      blocks.push(convertImageUrl(part.image_url.url, target));
    } else if (part.type === "file") {
      blocks.push(convertFile(part.file, target));
    } else {
      throw refuse(
        `a user content part of type ${JSON.stringify((part as { type?: unknown }).type)}`,
        target,
      );
    }
  }
  return blocks;
}

function convertImageUrl(url: string, target: ConversionTarget): AnthropicImageBlock {
  if (/^https?:\/\//i.test(url)) return { type: "image", source: { type: "url", url } };
  const data = parseDataUrl(url);
  if (data === undefined)
    throw refuse("an image_url that is neither an http(s) URL nor a base64 data URL", target);
  return imageFromData(data, target);
}

function imageFromData(data: DataUrl, target: ConversionTarget): AnthropicImageBlock {
  if (!ANTHROPIC_IMAGE_TYPES.has(data.mediaType)) {
    throw refuse(`an image of type ${data.mediaType} (Anthropic accepts jpeg, png, gif and webp)`, target);
  }
  return { type: "image", source: { type: "base64", media_type: data.mediaType, data: data.base64 } };
}

function convertFile(
  file: { file_data?: string; file_id?: string; filename?: string },
  target: ConversionTarget,
): AnthropicImageBlock | AnthropicDocumentBlock {
  if (file.file_data === undefined) {
    // An OpenAI `file_id` names a file on OpenAI's servers; Anthropic cannot read it.
    throw refuse("a file part without file_data (file_id names a file of another provider)", target);
  }
  const data = parseDataUrl(file.file_data);
  if (data === undefined) throw refuse("a file part whose file_data is not a base64 data URL", target);
  const title = file.filename === undefined ? {} : { title: file.filename };
  if (data.mediaType === "application/pdf") {
    return {
      type: "document",
      source: { type: "base64", media_type: "application/pdf", data: data.base64 },
      ...title,
    };
  }
  if (data.mediaType.startsWith("text/")) {
    const text = Buffer.from(data.base64, "base64").toString("utf8");
    return { type: "document", source: { type: "text", media_type: "text/plain", data: text }, ...title };
  }
  if (data.mediaType.startsWith("image/")) return imageFromData(data, target);
  throw refuse(`a file of type ${data.mediaType} (Anthropic accepts PDF, plain text and images)`, target);
}

function refuse(what: string, target: ConversionTarget): InvalidRequestError {
  return new InvalidRequestError(`cannot send ${what} to Anthropic`, {
    provider: target.provider,
    model: target.model,
    fix: "attach images as jpeg/png/gif/webp data or http(s) URLs and documents as PDF or text data URLs",
  });
}
