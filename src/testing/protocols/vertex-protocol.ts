/**
 * Gemini on Vertex AI for the fake server. Vertex answers the Gemini API's bodies (so the Gemini
 * protocol's reply builders serve it) on `/v1beta1/projects/<p>/locations/<l>/publishers/google/
 * models/<m>:generateContent`, authenticated by an OAuth access token. The fake also serves the
 * token endpoint: `POST /token` is a Security Token Service exchange (RFC 8693), the endpoint an
 * `external_account` credentials file names in its `token_url`, so @google/genai's own auth
 * (google-auth-library) fetches its token from 127.0.0.1. See `vertexCredentialsFile`.
 */
import { randomBytes } from "node:crypto";
import { type FakeServer, type FakeServerOptions, startFakeServer } from "../fake-server.js";
import type { FakeReply, RecordedRequest } from "../fake-server-types.js";
import { googleErrorReply } from "./google-error-replies.js";
import { validateVertexRequest } from "./validate-vertex-request.js";

export const VERTEX_TOKEN_PATH = "/token";

/** The model path the SDK posts to (`method` `streamGenerateContent` is sent with `?alt=sse`). */
export function vertexGenerateContentPath(
  project: string,
  location: string,
  model: string,
  method: "generateContent" | "streamGenerateContent" = "generateContent",
): string {
  return `/v1beta1/projects/${project}/locations/${location}/publishers/google/models/${model}:${method}`;
}

export interface VertexFakeServer extends FakeServer {
  /** The access token the token endpoint issues. */
  readonly accessToken: string;
  /** Issues this access token from now on (and accepts only it on model calls). */
  issueAccessToken(token: string): void;
  /** Token exchanges received (each a request to `/token`); model requests are in `requests`. */
  readonly tokenRequests: readonly RecordedRequest[];
}

export interface VertexFakeServerOptions extends Omit<FakeServerOptions, "validate"> {
  /** The access token to issue (default: a random `ya29.` token). */
  accessToken?: string;
}

/** The token exchange's answer, as Google's STS sends it. */
function tokenReply(accessToken: string): FakeReply {
  return {
    kind: "json",
    body: {
      access_token: accessToken,
      issued_token_type: "urn:ietf:params:oauth:token-type:access_token",
      token_type: "Bearer",
      expires_in: 3600,
    },
  };
}

function checkTokenExchange(request: RecordedRequest): boolean {
  const form = new URLSearchParams(request.rawBody);
  return (
    request.method === "POST" &&
    form.get("grant_type") === "urn:ietf:params:oauth:grant-type:token-exchange" &&
    form.get("subject_token") !== null
  );
}

/**
 * A fake Vertex AI endpoint with its own token endpoint. Token requests are answered and kept apart
 * from `requests`, which holds only the model calls (so scripted replies and indexes stay the
 * model's). A model call must carry the issued token.
 */
export async function startVertexFakeServer(
  options: VertexFakeServerOptions = {},
): Promise<VertexFakeServer> {
  let accessToken = options.accessToken ?? `ya29.fake-${randomBytes(12).toString("hex")}`;
  const tokenRequests: RecordedRequest[] = [];
  const server = await startFakeServer({
    ...options,
    validate: (request) => {
      if (request.path !== VERTEX_TOKEN_PATH) {
        return validateVertexRequest(request, (token) => token === accessToken);
      }
      tokenRequests.push(request);
      return checkTokenExchange(request)
        ? tokenReply(accessToken)
        : googleErrorReply({ status: 400, message: "invalid_request: not a token exchange" });
    },
  });
  const modelRequests = () => server.requests.filter((request) => request.path !== VERTEX_TOKEN_PATH);
  return {
    url: server.url,
    port: server.port,
    get accessToken() {
      return accessToken;
    },
    issueAccessToken(token) {
      accessToken = token;
    },
    tokenRequests,
    get requests() {
      return modelRequests();
    },
    get pending() {
      return server.pending;
    },
    enqueue: server.enqueue,
    setDefaultReply: server.setDefaultReply,
    async waitForRequests(count) {
      // Token requests arrive on the same server: wait request by request until enough model calls came.
      while (modelRequests().length < count) {
        const seen = server.requests.length;
        await server.waitForRequests(seen + 1);
        if (server.requests.length === seen) return; // closed
      }
    },
    close: server.close,
  };
}

/**
 * A Google `external_account` credentials file (workload identity federation) whose token
 * endpoint is the fake's: google-auth-library reads the subject token from `subjectTokenFile` and
 * exchanges it at `token_url` for the access token. The same file works as an explicit
 * `credentialsFile` or as Application Default Credentials (GOOGLE_APPLICATION_CREDENTIALS).
 */
export function vertexCredentialsFile(server: FakeServer, subjectTokenFile: string): Record<string, unknown> {
  return {
    type: "external_account",
    audience:
      "//iam.googleapis.com/projects/000000000000/locations/global/workloadIdentityPools/fake/providers/fake",
    subject_token_type: "urn:ietf:params:oauth:token-type:jwt",
    token_url: `${server.url}${VERTEX_TOKEN_PATH}`,
    credential_source: { file: subjectTokenFile },
  };
}

/** Real-shaped Vertex AI errors for the cases the runtime's taxonomy distinguishes. */
export const VERTEX_ERRORS = {
  /** 429 with no RetryInfo: Vertex's shared capacity or the project's per-minute quota. */
  resourceExhausted: (): FakeReply =>
    googleErrorReply({
      status: 429,
      message:
        "Resource exhausted. Please try again later. Please refer to https://cloud.google.com/vertex-ai/generative-ai/docs/error-code-429 for more details.",
    }),
  unauthenticated: (): FakeReply =>
    googleErrorReply({
      status: 401,
      message:
        "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.",
    }),
  permissionDenied: (project: string, location: string, model: string): FakeReply =>
    googleErrorReply({
      status: 403,
      message: `Permission 'aiplatform.endpoints.predict' denied on resource '//aiplatform.googleapis.com/projects/${project}/locations/${location}/publishers/google/models/${model}' (or it may not exist).`,
    }),
  modelNotFound: (project: string, location: string, model: string): FakeReply =>
    googleErrorReply({
      status: 404,
      message: `Publisher Model \`projects/${project}/locations/${location}/publishers/google/models/${model}\` was not found or your project does not have access to it. Please ensure you are using a valid model version. For more information, see: https://cloud.google.com/vertex-ai/generative-ai/docs/learn/model-versions`,
    }),
  contextLength: (): FakeReply =>
    googleErrorReply({
      status: 400,
      message: "The input token count (1234567) exceeds the maximum number of tokens allowed (1048576).",
    }),
  invalidArgument: (): FakeReply =>
    googleErrorReply({ status: 400, message: "Request contains an invalid argument." }),
  unavailable: (): FakeReply =>
    googleErrorReply({ status: 503, message: "The service is currently unavailable." }),
} as const;
