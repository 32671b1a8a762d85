/**
 * Vertex AI's rules for Gemini requests, applied by the fake server: the publisher model path under
 * a project and location, an OAuth bearer token the fake's token endpoint issued, SSE for streams,
 * then the Gemini API's rules for the body (Vertex takes the same GenerateContentRequest), plus
 * Vertex's own: a `fileData` part needs its `mimeType`, and there is no Files API to refer to. See
 * https://cloud.google.com/vertex-ai/generative-ai/docs/model-reference/inference.
 */
import type { FakeReply, RecordedRequest } from "../fake-server-types.js";
import { googleErrorReply } from "./google-error-replies.js";
import { validateGoogleBody } from "./validate-google-request.js";

/** `POST /v1beta1/projects/<p>/locations/<l>/publishers/google/models/<m>:generateContent` (or stream). */
export const VERTEX_MODEL_PATH =
  /^\/(v1|v1beta1)\/projects\/([^/]+)\/locations\/([^/]+)\/publishers\/google\/models\/([^/:]+):(generateContent|streamGenerateContent)$/;

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The `fileData` parts of a body's contents. */
function fileDataParts(body: unknown): Json[] {
  const contents = isObject(body) && Array.isArray(body.contents) ? (body.contents as unknown[]) : [];
  return contents.flatMap((content) =>
    isObject(content) && Array.isArray(content.parts)
      ? (content.parts as unknown[]).filter((part): part is Json => isObject(part) && isObject(part.fileData))
      : [],
  );
}

function checkFileData(body: unknown): FakeReply | undefined {
  for (const part of fileDataParts(body)) {
    const fileData = part.fileData as Json;
    if (typeof fileData.mimeType !== "string" || fileData.mimeType === "") {
      return googleErrorReply({ status: 400, message: "fileData.mimeType is required." });
    }
    if (
      typeof fileData.fileUri === "string" &&
      /generativelanguage\.googleapis\.com/.test(fileData.fileUri)
    ) {
      // The fake's wording: Vertex cannot read the Gemini API's Files API uploads.
      return googleErrorReply({
        status: 400,
        message: `Unsupported file URI ${fileData.fileUri}: Vertex AI reads gs:// and https:// URIs, not Gemini API files.`,
      });
    }
  }
  return undefined;
}

/**
 * Vertex AI's error reply for a request that breaks its rules, or undefined to let it pass.
 * `isIssuedToken` says whether a bearer token is one the fake's token endpoint gave out.
 */
export function validateVertexRequest(
  request: RecordedRequest,
  isIssuedToken: (token: string) => boolean,
): FakeReply | undefined {
  const route = VERTEX_MODEL_PATH.exec(request.path);
  if (request.method !== "POST" || !route) {
    return googleErrorReply({ status: 404, message: `Method not found: ${request.method} ${request.path}` });
  }
  const token = /^Bearer (\S+)$/.exec(request.headers.authorization ?? "")?.[1];
  if (token === undefined || !isIssuedToken(token)) {
    return googleErrorReply({
      status: 401,
      message:
        "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.",
    });
  }
  if (route[5] === "streamGenerateContent" && request.query.alt !== "sse") {
    return googleErrorReply({
      status: 400,
      message: "streamGenerateContent without alt=sse: this fake serves SSE only.",
    });
  }
  return checkFileData(request.body) ?? validateGoogleBody(request.body, decodeURIComponent(route[4]));
}
