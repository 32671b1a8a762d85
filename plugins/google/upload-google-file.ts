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
  /** Requests waiting for the upload to answer; when the last one leaves, the upload is abandoned. */
  waiters: number;
  /** Whether the upload has answered (succeeded or failed). */
  settled: boolean;
  /** Stops the upload's HTTP calls once it is abandoned. */
  controller: AbortController;
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

  get(key: string, now: number): CacheEntry | undefined {
    const entry = this.entries.get(key);
    if (entry && entry.reusableUntil > now) return entry;
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

  /** Forgets `key` if it still holds `entry` (a newer upload of the same bytes stays). */
  delete(key: string, entry?: CacheEntry): void {
    if (entry === undefined || this.entries.get(key) === entry) this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}

/** The cache shared by every google provider instance of the process. */
export const processUploadCache = new GoogleUploadCache();

/**
 * Wraps the SDK's upload with the cache: concurrent requests for the same bytes share one upload,
 * and only an upload that succeeded is reused later. Each request waits under its own stop (its
 * deadline, its caller's abort, its attempt's limit) and leaves when that stop fires. An upload
 * whose every waiter left is abandoned: its HTTP calls are aborted and it is forgotten, so the next
 * request starts afresh instead of waiting on it. A failed upload is forgotten too.
 */
export function createCachedGoogleUploader(options: {
  /** Uploads one file; `signal` aborts its HTTP calls once the upload is abandoned. */
  upload: (
    file: { bytes: Buffer; mimeType: string; displayName?: string },
    signal: AbortSignal,
  ) => Promise<GoogleUploadedFile>;
  cache: GoogleUploadCache;
  /** Separates uploads of different endpoints and keys (files belong to a project). */
  scope: string;
  now: () => number;
}): GoogleFileUploader {
  return (file, stop) => {
    const hash = createHash("sha256").update(file.bytes).digest("hex");
    const key = `${options.scope}\u0000${file.mimeType}\u0000${hash}`;
    let entry = options.cache.get(key, options.now());
    if (!entry) {
      entry = startUpload(file, options);
      options.cache.set(key, entry);
      const started = entry;
      started.file.catch(() => options.cache.delete(key, started));
    }
    return waitFor(entry, stop, () => options.cache.delete(key, entry));
  };
}

function startUpload(
  file: { bytes: Buffer; mimeType: string; displayName?: string },
  options: Parameters<typeof createCachedGoogleUploader>[0],
): CacheEntry {
  const uploadedAt = options.now();
  const controller = new AbortController();
  // Until the upload answers, concurrent requests for the same bytes wait for it.
  const entry: CacheEntry = {
    file: Promise.resolve({ fileUri: "", mimeType: "" }),
    reusableUntil: Number.POSITIVE_INFINITY,
    waiters: 0,
    settled: false,
    controller,
  };
  entry.file = options.upload(file, controller.signal).then(
    (uploaded) => {
      entry.settled = true;
      entry.reusableUntil = reusableUntil(uploaded, uploadedAt);
      return toReference(uploaded, file.mimeType);
    },
    (error: unknown) => {
      entry.settled = true;
      throw error;
    },
  );
  return entry;
}

/** The upload's answer for one request, or its stop's reason as soon as the stop fires. */
function waitFor(entry: CacheEntry, stop: AbortSignal | undefined, forget: () => void): CacheEntry["file"] {
  if (stop === undefined) return entry.file;
  if (stop.aborted) return Promise.reject(stop.reason);
  entry.waiters += 1;
  return new Promise((resolve, reject) => {
    const leave = () => {
      stop.removeEventListener("abort", onStop);
      entry.waiters -= 1;
    };
    const onStop = () => {
      leave();
      if (entry.waiters === 0 && !entry.settled) {
        forget();
        entry.controller.abort(stop.reason);
      }
      reject(stop.reason);
    };
    stop.addEventListener("abort", onStop, { once: true });
    entry.file.then(
      (reference) => {
        leave();
        resolve(reference);
      },
      (error: unknown) => {
        leave();
        reject(error);
      },
    );
  });
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
