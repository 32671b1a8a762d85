/**
 * The Gemini Files API's resumable upload, served by the fake server itself (tests script only
 * `generateContent` replies). Two steps, as @google/genai 2.32 drives them:
 *
 * 1. `POST /upload/<version>/files` with `x-goog-upload-protocol: resumable`,
 *    `x-goog-upload-command: start`, `x-goog-upload-header-content-length` and `-content-type`, and
 *    the JSON body `{file:{displayName?, mimeType?}}`. The reply carries `x-goog-upload-url`.
 * 2. `POST <that url>` with the bytes, `x-goog-upload-offset` and `x-goog-upload-command: upload`
 *    (more chunks follow: reply `x-goog-upload-status: active`) or `upload, finalize` (reply
 *    `x-goog-upload-status: final` and `{file:{name, uri, mimeType, state, ...}}`).
 */
import { createHash } from "node:crypto";
import type { FakeReply, RecordedRequest } from "../fake-server-types.js";
import { googleErrorReply } from "./google-error-replies.js";

/** A file the fake Files API holds. */
export interface GoogleFakeFile {
  /** `files/<id>`. */
  name: string;
  uri: string;
  mimeType: string;
  displayName?: string;
  sizeBytes: number;
  /** sha256 of the bytes, hex. */
  sha256: string;
}

interface UploadSession {
  mimeType: string;
  displayName?: string;
  declaredBytes: number;
  chunks: Buffer[];
  /** API version of the start request, for the file's URI. */
  version: string;
}

/**
 * The request body's bytes. The fake-server core records the body as UTF-8 text, so binary bytes
 * that are not valid UTF-8 would not survive; a `rawBytes` buffer is used when the core has one.
 */
function requestBytes(request: RecordedRequest): Buffer {
  const raw = (request as RecordedRequest & { rawBytes?: unknown }).rawBytes;
  return Buffer.isBuffer(raw) ? raw : Buffer.from(request.rawBody, "utf8");
}

const START_PATH = /^\/upload\/(v[0-9a-z]+)\/files$/;

/** The fake Files API: its uploads, and the handler the server consults before any scripted reply. */
/** Google deletes an uploaded file 48 hours after it was made. */
const FILE_LIFETIME_MS = 48 * 60 * 60 * 1000;

export class GoogleFakeFilesApi {
  /** Files uploaded so far, in order. */
  readonly files: GoogleFakeFile[] = [];
  private readonly sessions = new Map<string, UploadSession>();
  private nextId = 1;

  /** Whether `fileUri` names a file this fake holds (any host: the SDK rewrites hosts). */
  knows(fileUri: string): boolean {
    const name = /\/(files\/[^/?#]+)$/.exec(fileUri)?.[1];
    return name !== undefined && this.files.some((file) => file.name === name);
  }

  /** The reply for a Files API request, or undefined when the request is not one. */
  handle(request: RecordedRequest): FakeReply | undefined {
    const start = START_PATH.exec(request.path);
    if (request.method !== "POST" || !start) return undefined;
    if (request.query.upload_id !== undefined) return this.receive(request, request.query.upload_id);
    return this.start(request, start[1]);
  }

  private start(request: RecordedRequest, version: string): FakeReply {
    const headers = request.headers;
    if (headers["x-goog-upload-protocol"] !== "resumable" || headers["x-goog-upload-command"] !== "start") {
      return googleErrorReply({
        status: 400,
        message: "Upload protocol must be resumable and start with 'start'.",
      });
    }
    const declaredBytes = Number(headers["x-goog-upload-header-content-length"]);
    if (!Number.isInteger(declaredBytes) || declaredBytes <= 0) {
      return googleErrorReply({
        status: 400,
        message: "X-Goog-Upload-Header-Content-Length must be a positive integer.",
      });
    }
    const metadata = ((request.body as { file?: Record<string, unknown> } | undefined)?.file ?? {}) as Record<
      string,
      unknown
    >;
    const mimeType = String(metadata.mimeType ?? headers["x-goog-upload-header-content-type"] ?? "");
    const uploadId = `fake-upload-${this.nextId++}`;
    this.sessions.set(uploadId, {
      mimeType,
      displayName: typeof metadata.displayName === "string" ? metadata.displayName : undefined,
      declaredBytes,
      chunks: [],
      version,
    });
    const uploadUrl = `http://${headers.host}/upload/${version}/files?upload_id=${uploadId}&upload_protocol=resumable`;
    return {
      kind: "json",
      headers: { "x-goog-upload-url": uploadUrl, "x-goog-upload-status": "active" },
      body: {},
    };
  }

  private receive(request: RecordedRequest, uploadId: string): FakeReply {
    const session = this.sessions.get(uploadId);
    if (!session) return googleErrorReply({ status: 404, message: `Upload ${uploadId} not found.` });
    const command = request.headers["x-goog-upload-command"] ?? "";
    const offset = Number(request.headers["x-goog-upload-offset"]);
    const received = session.chunks.reduce((total, chunk) => total + chunk.length, 0);
    if (offset !== received) {
      return googleErrorReply({
        status: 400,
        message: `X-Goog-Upload-Offset ${offset} does not match ${received}.`,
      });
    }
    session.chunks.push(requestBytes(request));
    if (!command.includes("finalize"))
      return { kind: "json", headers: { "x-goog-upload-status": "active" }, body: {} };
    this.sessions.delete(uploadId);
    return this.finalize(session, request.headers.host ?? "127.0.0.1");
  }

  private finalize(session: UploadSession, host: string): FakeReply {
    const bytes = Buffer.concat(session.chunks);
    if (bytes.length !== session.declaredBytes) {
      return googleErrorReply({
        status: 400,
        message: `Received ${bytes.length} bytes, declared ${session.declaredBytes}.`,
      });
    }
    const name = `files/fake${String(this.files.length + 1).padStart(4, "0")}`;
    const file: GoogleFakeFile = {
      name,
      uri: `http://${host}/${session.version}/${name}`,
      mimeType: session.mimeType,
      displayName: session.displayName,
      sizeBytes: bytes.length,
      sha256: createHash("sha256").update(bytes).digest("hex"),
    };
    this.files.push(file);
    // Stamped from the clock, as Google does: a fixed date would expire every upload once the
    // calendar passed it, and the client would rightly stop reusing them.
    const createTime = new Date().toISOString();
    const body = {
      file: {
        name,
        displayName: file.displayName,
        mimeType: file.mimeType,
        sizeBytes: String(file.sizeBytes),
        createTime,
        updateTime: createTime,
        expirationTime: new Date(Date.parse(createTime) + FILE_LIFETIME_MS).toISOString(),
        sha256Hash: Buffer.from(file.sha256, "hex").toString("base64"),
        uri: file.uri,
        state: "ACTIVE",
        source: "UPLOADED",
      },
    };
    return { kind: "json", headers: { "x-goog-upload-status": "final" }, body };
  }
}
