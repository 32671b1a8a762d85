import { type ContentPart, InvalidRequestError, type UserMessage } from "../../src/index.js";
import { mimeTypeOfExtension } from "../../src/provider-utils.js";
import type { GoogleRequestPart } from "./google-api-types.js";
import { type GoogleMediaResolver, parseDataUrl } from "./resolve-google-media.js";

export interface UserContentContext {
  provider: string;
  model: string;
  resolveMedia: GoogleMediaResolver;
}

/**
 * A user message's content to Gemini parts: text as text; `image_url` and `file` data URLs as
 * inline data or an uploaded file (the resolver decides); an http(s) image URL, or a `file_id`
 * naming a Gemini file, as `fileData`. Empty text is left out (Gemini refuses empty parts).
 */
export async function convertGoogleUserContent(
  content: UserMessage["content"],
  context: UserContentContext,
): Promise<GoogleRequestPart[]> {
  if (typeof content === "string") return convertGoogleUserText(content);
  const parts: GoogleRequestPart[] = [];
  for (const part of content) {
    const converted = await convertPart(part, context);
    if (converted) parts.push(converted);
  }
  return parts;
}

/** User content that is a string: nothing to resolve, so no promise (callers skip an await). */
export function convertGoogleUserText(content: string): GoogleRequestPart[] {
  return content === "" ? [] : [{ text: content }];
}

async function convertPart(
  part: ContentPart,
  context: UserContentContext,
): Promise<GoogleRequestPart | undefined> {
  switch (part.type) {
    case "text":
      return part.text === "" ? undefined : { text: part.text };
    case "image_url":
      return convertUrl(part.image_url.url, undefined, context);
    case "file": {
      if (part.file.file_data) return convertUrl(part.file.file_data, part.file.filename, context);
      if (part.file.file_id) return fileReference(part.file.file_id);
      throw invalidPart("a file part has neither file_data nor file_id", context);
    }
    default:
      throw invalidPart(`content part type "${(part as { type?: unknown }).type}" is not supported`, context);
  }
}

async function convertUrl(
  url: string,
  filename: string | undefined,
  context: UserContentContext,
): Promise<GoogleRequestPart> {
  const data = parseDataUrl(url);
  if (data) return context.resolveMedia({ ...data, filename });
  if (/^(https?|gs):\/\//i.test(url)) return fileReference(url);
  throw invalidPart("a file or image URL is neither a base64 data URL nor an http(s) or gs:// URL", context);
}

/**
 * A file the model reads by URI: an http(s) URL, a Cloud Storage `gs://` URI (Vertex AI), or a
 * Files API name. Vertex requires the MIME type, so it is guessed from the extension when it can be.
 */
function fileReference(uri: string): GoogleRequestPart {
  const fileUri = /^gs:\/\//i.test(uri) ? uri : toFileUri(uri);
  const mimeType = guessMimeType(fileUri);
  return { fileData: { fileUri, ...(mimeType ? { mimeType } : {}) } };
}

/** A Gemini file is named `files/<id>`; its URI is what `fileData` takes. */
function toFileUri(fileId: string): string {
  if (/^https?:\/\//i.test(fileId)) return fileId;
  const name = fileId.startsWith("files/") ? fileId : `files/${fileId}`;
  return `https://generativelanguage.googleapis.com/v1beta/${name}`;
}

function guessMimeType(url: string): string | undefined {
  const path = url.split(/[?#]/)[0];
  const extension = /\.[a-z0-9]+$/i.exec(path)?.[0];
  return extension === undefined ? undefined : mimeTypeOfExtension(extension);
}

function invalidPart(problem: string, context: UserContentContext): InvalidRequestError {
  return new InvalidRequestError(`user message: ${problem}`, {
    provider: context.provider,
    model: context.model,
    fix: "send text, image_url or file parts with data URLs (formatUserMessageWithFile builds them)",
  });
}
