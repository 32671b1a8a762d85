/** How a file is put into a message, by its MIME type. */
export type AttachmentKind = "image" | "pdf" | "text";

/** Images the providers accept inline (OpenAI, Anthropic and Gemini all take these four). */
const IMAGE_TYPES = new Set(["image/png", "image/jpeg", "image/gif", "image/webp"]);

const TEXT_APPLICATION_TYPES = new Set([
  "application/json",
  "application/ld+json",
  "application/xml",
  "application/yaml",
  "application/x-yaml",
  "application/toml",
  "application/javascript",
  "application/typescript",
  "application/x-sh",
  "application/sql",
  "application/csv",
]);

/** The MIME type of each file extension a MIME type is inferred from; any other needs one given. */
const TYPE_OF_EXTENSION: Readonly<Record<string, string>> = {
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  // Gemini reads HEIC from a URI; as an attachment it is refused by type (not in IMAGE_TYPES).
  ".heic": "image/heic",
  ".pdf": "application/pdf",
  ".txt": "text/plain",
  ".text": "text/plain",
  ".log": "text/plain",
  ".md": "text/markdown",
  ".markdown": "text/markdown",
  ".csv": "text/csv",
  ".tsv": "text/tab-separated-values",
  ".html": "text/html",
  ".htm": "text/html",
  ".css": "text/css",
  ".xml": "application/xml",
  ".json": "application/json",
  ".jsonl": "application/json",
  ".yaml": "application/yaml",
  ".yml": "application/yaml",
  ".toml": "application/toml",
  ".js": "application/javascript",
  ".mjs": "application/javascript",
  ".cjs": "application/javascript",
  ".ts": "application/typescript",
  ".sh": "application/x-sh",
  ".sql": "application/sql",
  ".py": "text/x-python",
  ".java": "text/x-java",
  ".c": "text/x-c",
  ".h": "text/x-c",
  ".cpp": "text/x-c++",
  ".go": "text/x-go",
  ".rs": "text/x-rust",
  ".rb": "text/x-ruby",
};

/**
 * The MIME type for a file name's extension (`.png`, case ignored), or undefined when it is not
 * known. Shared by attachments and by providers that must name a URI's type (Vertex AI's gs://).
 */
export function mimeTypeOfExtension(extension: string): string | undefined {
  const key = extension.toLowerCase();
  return Object.hasOwn(TYPE_OF_EXTENSION, key) ? TYPE_OF_EXTENSION[key] : undefined;
}

/** `Image/PNG; charset=x` -> `image/png`. */
export function normaliseMimeType(mimeType: string): string {
  return mimeType.split(";")[0].trim().toLowerCase();
}

/** The kind for a normalised MIME type, or undefined when the type cannot be attached. */
export function classifyAttachmentMime(mimeType: string): AttachmentKind | undefined {
  if (IMAGE_TYPES.has(mimeType)) return "image";
  if (mimeType === "application/pdf") return "pdf";
  if (mimeType.startsWith("text/") || TEXT_APPLICATION_TYPES.has(mimeType)) return "text";
  if (mimeType.endsWith("+json") || mimeType.endsWith("+xml")) return "text";
  return undefined;
}

const SIGNATURES: Record<string, (bytes: Buffer) => boolean> = {
  "image/png": (bytes) =>
    bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  "image/jpeg": (bytes) => bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff,
  "image/gif": (bytes) => bytes.subarray(0, 4).toString("latin1") === "GIF8",
  "image/webp": (bytes) =>
    bytes.subarray(0, 4).toString("latin1") === "RIFF" && bytes.subarray(8, 12).toString("latin1") === "WEBP",
  "application/pdf": (bytes) => bytes.subarray(0, 5).toString("latin1") === "%PDF-",
};

/** Whether the bytes start with the signature of the declared binary type (text types always match). */
export function matchesMimeSignature(mimeType: string, bytes: Buffer): boolean {
  const check = SIGNATURES[mimeType];
  return check === undefined || check(bytes);
}
