import { createHash } from "node:crypto";
import type { GoogleFileUploader } from "./resolve-google-media.js";

/** What the Files API returned for an upload (the SDK's `File`, tolerant). */
export interface GoogleUploadedFile {
  name?: string;
  uri?: string;
  mimeType?: string;
  state?: string;
  /** RFC 3339 time after which Google deletes the file (48 hours after upload). */
  expirationTime?: string;
}

interface CacheEntry {
  file: Promise<{ fileUri: string; mimeType: string }>;
  /** Epoch milliseconds after which the upload must not be reused. */
  reusableUntil: number;
}

/** Files are kept 48 hours; an upload is reused for 47, so no request names a file about to go. */
const FALLBACK_LIFETIME_MS = 47 * 60 * 60 * 1000;
const EXPIRY_MARGIN_MS = 60 * 60 * 1000;

/**
 * Uploads already made, by scope (API endpoint and key) and content hash, so one process never
 * uploads the same file twice while the upload lives. Bounded: the oldest entry goes first.
 */
export class GoogleUploadCache {
  private readonly entries = new Map<string, CacheEntry>();

  constructor(private readonly maxEntries = 512) {}

  get(key: string, now: number): CacheEntry["file"] | undefined {
    const entry = this.entries.get(key);
    if (entry && entry.reusableUntil > now) return entry.file;
    this.entries.delete(key);
    return undefined;
  }

  set(key: string, entry: CacheEntry): void {
    this.entries.delete(key);
    this.entries.set(key, entry);
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}

/** The cache shared by every google provider instance of the process. */
export const processUploadCache = new GoogleUploadCache();

/**
 * Wraps the SDK's upload with the cache: concurrent requests for the same bytes share one upload,
 * and a failed upload is forgotten so the next request tries again.
 */
export function createCachedGoogleUploader(options: {
  upload: (file: { bytes: Buffer; mimeType: string; displayName?: string }) => Promise<GoogleUploadedFile>;
  cache: GoogleUploadCache;
  /** Separates uploads of different endpoints and keys (files belong to a project). */
  scope: string;
  now: () => number;
}): GoogleFileUploader {
  return (file) => {
    const hash = createHash("sha256").update(file.bytes).digest("hex");
    const key = `${options.scope}\u0000${file.mimeType}\u0000${hash}`;
    const cached = options.cache.get(key, options.now());
    if (cached) return cached;
    const uploadedAt = options.now();
    const upload = options.upload(file).then((uploaded) => {
      entry.reusableUntil = reusableUntil(uploaded, uploadedAt);
      return toReference(uploaded, file.mimeType);
    });
    // Until the upload answers, concurrent requests for the same bytes wait for it.
    const entry: CacheEntry = { file: upload, reusableUntil: Number.POSITIVE_INFINITY };
    upload.catch(() => options.cache.delete(key));
    options.cache.set(key, entry);
    return entry.file;
  };
}

function reusableUntil(file: GoogleUploadedFile, uploadedAt: number): number {
  const expires = file.expirationTime ? Date.parse(file.expirationTime) : Number.NaN;
  return Number.isFinite(expires) ? expires - EXPIRY_MARGIN_MS : uploadedAt + FALLBACK_LIFETIME_MS;
}

function toReference(file: GoogleUploadedFile, mimeType: string): { fileUri: string; mimeType: string } {
  if (file.state === "FAILED" || !file.uri) {
    throw new Error(
      `the Files API did not accept the upload (state ${file.state ?? "unknown"}, no usable uri)`,
    );
  }
  return { fileUri: file.uri, mimeType: file.mimeType ?? mimeType };
}
