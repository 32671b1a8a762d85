import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FakeServer } from "../fake-server.js";
import {
  startVertexFakeServer,
  VERTEX_ERRORS,
  type VertexFakeServer,
  vertexCredentialsFile,
} from "../protocols/vertex-protocol.js";
import type { ConformanceAdapter } from "./conformance-adapter.js";
import { GOOGLE_CONFORMANCE_MODEL, googleConformanceAdapter } from "./google-conformance-adapter.js";

export const VERTEX_PROJECT = "conformance-project";
export const VERTEX_LOCATION = "europe-west4";

/**
 * Writes an `external_account` credentials file whose token endpoint is the fake's, and its subject
 * token file, in a fresh temporary folder; returns the credentials file's path.
 */
export function writeVertexCredentials(server: FakeServer): string {
  const dir = mkdtempSync(join(tmpdir(), "llm-runtime-vertex-"));
  const subject = join(dir, "subject-token.txt");
  writeFileSync(subject, "fake-subject-token");
  const credentials = join(dir, "credentials.json");
  writeFileSync(credentials, JSON.stringify(vertexCredentialsFile(server, subject)));
  return credentials;
}

/**
 * The google-vertex plugin's conformance adapter: @google/genai with `vertexai: true` against the
 * Vertex fake, its own auth (google-auth-library) fetching the access token from the fake's token
 * endpoint through a credentials file. The suite's canary key is issued as that access token, so the
 * key checks follow a secret the runtime never saw in its config. The body and replies are the
 * Gemini API's, read and built as the google adapter does. Vertex has no separate quota-exhausted
 * error, and the recorded streams are the Gemini API's: those cases stay pending.
 */
export const vertexConformanceAdapter: ConformanceAdapter = {
  ...googleConformanceAdapter,
  name: "google-vertex",
  startServer: () => startVertexFakeServer(),
  createConfig: (server, { apiKey, timeoutMs }) => {
    (server as VertexFakeServer).issueAccessToken(apiKey);
    return {
      plugins: ["google-vertex"],
      providers: {
        conformance: {
          type: "google-vertex",
          project: VERTEX_PROJECT,
          location: VERTEX_LOCATION,
          credentialsFile: writeVertexCredentials(server),
          baseURL: server.url,
          ...(timeoutMs ? { timeoutMs } : {}),
        },
      },
      clients: { default: { provider: "conformance", model: GOOGLE_CONFORMANCE_MODEL } },
    };
  },
  errorCase: (kind) => {
    switch (kind) {
      case "rate_limit":
        return { reply: VERTEX_ERRORS.resourceExhausted() };
      case "quota_exhausted":
        return undefined;
      case "authentication":
        return { reply: VERTEX_ERRORS.unauthenticated() };
      case "model_not_found":
        return {
          reply: VERTEX_ERRORS.modelNotFound(VERTEX_PROJECT, VERTEX_LOCATION, GOOGLE_CONFORMANCE_MODEL),
        };
      case "context_length":
        return { reply: VERTEX_ERRORS.contextLength() };
      case "invalid_request":
        return { reply: VERTEX_ERRORS.invalidArgument() };
      case "provider_unavailable":
        return { reply: VERTEX_ERRORS.unavailable() };
    }
  },
  sentApiKey: (request) => /^Bearer (\S+)$/.exec(request.headers.authorization ?? "")?.[1],
  stream: googleConformanceAdapter.stream && { ...googleConformanceAdapter.stream, recorded: undefined },
};
