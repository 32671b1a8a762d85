import type { GoogleRequestPart } from "./google-api-types.js";

/** One file of a user message, decoded from its data URL. */
export interface GoogleMedia {
  mimeType: string;
  /** The base64 text as the data URL carried it (sent inline without re-encoding). */
  base64: string;
  filename?: string;
}

/**
 * Uploads one file with the Files API and returns how to reference it; rejects with `stop`'s
 * reason as soon as `stop` (the request's or the attempt's) fires.
 */
export type GoogleFileUploader = (
  file: { bytes: Buffer; mimeType: string; displayName?: string },
  stop?: AbortSignal,
) => Promise<{ fileUri: string; mimeType: string }>;

/** Turns one file into the part that carries it: inline data, or a reference to an upload. */
export type GoogleMediaResolver = (media: GoogleMedia) => Promise<GoogleRequestPart>;

/**
 * A resolver for one request. Files go inline while the request's inline total stays within
 * `inlineMaxBytes` (decoded bytes; Google documents a 20 MB limit on a whole request, and base64
 * adds a third); a file that would pass it is uploaded with the Files API and sent as `fileData`.
 */
export function createGoogleMediaResolver(options: {
  inlineMaxBytes: number;
  upload: GoogleFileUploader;
  /** The stop an upload waits under (see GoogleFileUploader). */
  stop?: AbortSignal;
}): GoogleMediaResolver {
  let inlineBytes = 0;
  return async (media) => {
    const size = decodedLength(media.base64);
    if (inlineBytes + size <= options.inlineMaxBytes) {
      inlineBytes += size;
      return { inlineData: { mimeType: media.mimeType, data: media.base64 } };
    }
    const bytes = Buffer.from(media.base64, "base64");
    const file = { bytes, mimeType: media.mimeType, displayName: media.filename };
    const uploaded = await options.upload(file, options.stop);
    return { fileData: { fileUri: uploaded.fileUri, mimeType: uploaded.mimeType } };
  };
}

/** The byte length base64 text decodes to, without decoding it. */
function decodedLength(base64: string): number {
  const trimmed = base64.replace(/\s/g, "");
  const padding = trimmed.endsWith("==") ? 2 : trimmed.endsWith("=") ? 1 : 0;
  return Math.floor((trimmed.length * 3) / 4) - padding;
}

/** Splits `data:<mime>[;params];base64,<data>`; undefined for any other URL. */
export function parseDataUrl(url: string): { mimeType: string; base64: string } | undefined {
  const match = /^data:([^;,]*)((?:;[^;,]*)*);base64,/i.exec(url);
  if (!match) return undefined;
  return { mimeType: match[1] || "application/octet-stream", base64: url.slice(match[0].length) };
}
