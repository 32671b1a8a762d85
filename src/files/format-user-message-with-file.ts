import { basename, extname } from "node:path";
import type { ContentPart, UserMessage } from "../contract/messages.js";
import type { FileReadOptions } from "../contract/provider.js";
import { AttachmentError } from "../errors/loading-errors.js";
import { type AttachmentFileSystem, nodeAttachmentFileSystem } from "./attachment-file-system.js";
import { resolveAttachmentPath } from "./check-attachment-path.js";
import {
  classifyAttachmentMime,
  matchesMimeSignature,
  mimeTypeOfExtension,
  normaliseMimeType,
} from "./classify-attachment-mime.js";
import { readAttachmentBytes } from "./read-attachment-bytes.js";
import { truncateAttachmentText } from "./truncate-attachment-text.js";

/** A file name safe to show inside a prompt: control characters (newlines included) escaped. */
function displayName(filePath: string): string {
  return JSON.stringify(basename(filePath)).slice(1, -1);
}

/** The MIME type given, or when none is (undefined or ""), the one of the file's extension. */
function mimeTypeOf(filePath: string, mimeType: unknown): string {
  if (typeof mimeType === "string" && mimeType.trim() !== "") return mimeType;
  if (mimeType !== undefined && mimeType !== null && mimeType !== "") {
    throw new AttachmentError(filePath, `the MIME type must be a string, not a ${typeof mimeType}`, {
      fix: 'pass the MIME type as a string ("image/png"), or leave it out to infer it from the extension',
    });
  }
  const inferred = mimeTypeOfExtension(extname(filePath));
  if (inferred !== undefined) return inferred;
  throw new AttachmentError(filePath, "no MIME type was given and none is known for the file's extension", {
    fix: 'pass the MIME type ("image/png", "application/pdf", "text/plain", ...)',
  });
}

/** maxTextLength is a count of characters: an integer from 0, or Infinity to keep the whole text. */
function checkMaxTextLength(filePath: string, maxTextLength: unknown): void {
  if (typeof maxTextLength === "number" && (Number.isInteger(maxTextLength) || maxTextLength === Infinity)) {
    if (maxTextLength >= 0) return;
  }
  throw new AttachmentError(
    filePath,
    `maxTextLength must be a whole number from 0, not ${String(maxTextLength).slice(0, 40)}`,
    {
      fix: "pass the largest number of characters of text to keep (Infinity keeps it all)",
    },
  );
}

/**
 * Reads one file into an OpenAI-format user message: images as `image_url` data URLs, PDFs as
 * `file` parts (data URL and file name), text inline after the prompt, truncated at
 * `maxTextLength` characters with a visible marker. Without a MIME type, the one of the file's
 * extension is used (an unknown extension is refused). The path, type and size are checked before
 * the file is opened (see `FileReadOptions`); nothing outside the allowed roots is ever opened.
 */
export async function formatUserMessageWithFile(
  promptText: string,
  filePath: string,
  mimeType: string | undefined,
  maxTextLength: number,
  options: FileReadOptions,
  fileSystem: AttachmentFileSystem = nodeAttachmentFileSystem,
): Promise<UserMessage> {
  checkMaxTextLength(filePath, maxTextLength);
  const type = normaliseMimeType(mimeTypeOf(filePath, mimeType));
  const kind = classifyAttachmentMime(type);
  if (kind === undefined) {
    throw new AttachmentError(filePath, `the type ${JSON.stringify(mimeType)} cannot be attached`, {
      fix: "attach an image (png, jpeg, gif, webp), a PDF or a text file, with its MIME type",
    });
  }
  const realPath = await resolveAttachmentPath(filePath, options.allowedRoots, fileSystem);
  const bytes = await readAttachmentBytes(filePath, realPath, options.maxBytes, fileSystem);
  if (!matchesMimeSignature(type, bytes)) {
    throw new AttachmentError(filePath, `the contents are not ${type}`, {
      fix: "pass the MIME type that matches the file's contents",
    });
  }
  const name = displayName(filePath);
  const prompt: ContentPart = { type: "text", text: promptText };
  const dataUrl = `data:${type};base64,${bytes.toString("base64")}`;
  if (kind === "image")
    return { role: "user", content: [prompt, { type: "image_url", image_url: { url: dataUrl } }] };
  if (kind === "pdf")
    return {
      role: "user",
      content: [prompt, { type: "file", file: { filename: name, file_data: dataUrl } }],
    };
  const text = truncateAttachmentText(new TextDecoder("utf-8").decode(bytes), maxTextLength);
  return { role: "user", content: [prompt, { type: "text", text: `File ${name} (${type}):\n${text}` }] };
}
