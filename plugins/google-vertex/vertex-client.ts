import { resolve } from "node:path";
import type { GoogleGenAIOptions } from "@google/genai";
import {
  AuthenticationError,
  createAttemptNotices,
  isLLMError,
  type LLMError,
  type LLMRequest,
  type ProviderClient,
  type RequestContext,
  type StreamEvent,
} from "../../src/index.js";
import type { GoogleSettings } from "../google/build-google-request.js";
import { generate } from "../google/google-client.js";
import { resolveToolSchemaMode } from "../google/prepare-google-tools.js";
import { scrubGoogleSecrets } from "../google/scrub-google-secrets.js";
import { streamGoogleEvents } from "../google/stream-google-events.js";
import { withoutUndiciTimeouts } from "../google/without-undici-timeouts.js";
import { refuseVertexUpload } from "./refuse-vertex-upload.js";
import { trackBearerTokens } from "./track-bearer-tokens.js";
import { VERTEX_DEFAULTS, type VertexInstanceConfig } from "./vertex-instance-config.js";

/** The I/O edges of a Vertex client, injectable for tests and embedders. */
export interface VertexClientDependencies {
  /** The folder a relative `credentialsFile` starts from (the config file's). */
  baseDir: string;
  fetch?: typeof fetch;
}

const CREDENTIALS_FIX =
  "run `gcloud auth application-default login`, set GOOGLE_APPLICATION_CREDENTIALS, or give the provider a credentialsFile; the identity needs the Vertex AI User role on the project";

function sdkOptions(
  instance: VertexInstanceConfig,
  apiVersion: string,
  baseDir: string,
  fetchImplementation: typeof fetch,
): GoogleGenAIOptions {
  // An absolute path comes back from resolve unchanged.
  const keyFilename = instance.credentialsFile ? resolve(baseDir, instance.credentialsFile) : undefined;
  return {
    vertexai: true,
    project: instance.project,
    location: instance.location,
    apiVersion,
    // Without keyFilename, google-auth-library finds Application Default Credentials itself. The
    // project is given to it too: otherwise, for some credentials (external accounts), it asks
    // Cloud Resource Manager for one before the first request.
    googleAuthOptions: { projectId: instance.project, ...(keyFilename ? { keyFilename } : {}) },
    httpOptions: {
      ...(typeof instance.baseURL === "string" ? { baseUrl: instance.baseURL } : {}),
      apiVersion,
      ...(instance.timeoutMs ? { timeout: instance.timeoutMs } : {}),
      ...(instance.headers ? { headers: instance.headers } : {}),
      fetch: fetchImplementation,
      // No retryOptions: one attempt; the runtime's retry plugin owns retrying.
    },
  };
}

/**
 * A failure before any model request was sent, from the SDK's auth (no Application Default
 * Credentials, a token endpoint that refused): an AuthenticationError naming the ways to log in,
 * where the Gemini mapping would see an unknown failure or a connection error.
 */
function credentialFailure(error: LLMError, sent: boolean, secrets: readonly string[]): LLMError {
  if (sent || !isLLMError(error) || (error.code !== "provider_error" && error.code !== "connection"))
    return error;
  const { provider, model } = error as unknown as { provider: string; model: string };
  const cause = error.cause instanceof Error ? error.cause.message : String(error.cause ?? "");
  return new AuthenticationError(
    `Vertex AI credentials gave no access token: ${scrubGoogleSecrets(cause, secrets).slice(0, 300)}`,
    { provider, model, cause: error.cause, fix: CREDENTIALS_FIX },
  );
}

/**
 * Builds the `ProviderClient` of one Gemini-on-Vertex-AI instance: @google/genai with `vertexai:
 * true`, its project and location, authenticated by google-auth-library (a credentials file or
 * Application Default Credentials). Requests, replies and streams go through the google plugin's
 * converters, as the body is the Gemini API's; files go inline only (see `refuseVertexUpload`).
 */
export async function createVertexProviderClient(
  instance: VertexInstanceConfig,
  dependencies: VertexClientDependencies,
): Promise<ProviderClient> {
  const apiVersion =
    typeof instance.apiVersion === "string" ? instance.apiVersion : VERTEX_DEFAULTS.apiVersion;
  const inlineMaxBytes =
    typeof instance.inlineMaxBytes === "number" ? instance.inlineMaxBytes : VERTEX_DEFAULTS.inlineMaxBytes;
  // Header values may hold credentials (a gateway's token); access tokens join as they are used.
  const secrets: string[] = Object.values(instance.headers ?? {});
  // Whether the SDK got as far as sending a model request (then a failure is the model's, not
  // auth's). A count per instance: while calls overlap, another call's request can make an auth
  // failure read as sent, and it keeps the Gemini mapping (never the other way round).
  let sentRequests = 0;
  // The SDK lifts Node's 300 s fetch timeouts only for a fetch of its own, never for this one: as
  // the google plugin does, the wrapper lifts them, so a thinking model's long silence is not cut.
  const tracked = trackBearerTokens(secrets, withoutUndiciTimeouts(dependencies.fetch ?? fetch));
  const countingFetch: typeof fetch = (input, init) => {
    sentRequests++;
    return tracked(input, init);
  };
  const { GoogleGenAI } = await import("@google/genai");
  const sdk = new GoogleGenAI(sdkOptions(instance, apiVersion, dependencies.baseDir, countingFetch));
  const baseSettings = {
    secrets,
    timeoutMs: instance.timeoutMs,
    toolSchemaMode: resolveToolSchemaMode(instance.toolSchema, apiVersion),
    inlineMaxBytes,
    notices: createAttemptNotices(),
  };
  const settingsFor = (request: LLMRequest): GoogleSettings => ({
    ...baseSettings,
    upload: refuseVertexUpload({ provider: request.provider, model: request.model }, inlineMaxBytes),
  });

  async function generateOnVertex(request: LLMRequest, context: RequestContext) {
    const before = sentRequests;
    try {
      return await generate(sdk, settingsFor(request), request, context);
    } catch (error) {
      throw credentialFailure(error as LLMError, sentRequests > before, secrets);
    }
  }

  async function* streamOnVertex(request: LLMRequest, context: RequestContext): AsyncGenerator<StreamEvent> {
    const before = sentRequests;
    try {
      yield* streamGoogleEvents(sdk, settingsFor(request), request, context);
    } catch (error) {
      throw credentialFailure(error as LLMError, sentRequests > before, secrets);
    }
  }

  return { generate: generateOnVertex, stream: streamOnVertex };
}
