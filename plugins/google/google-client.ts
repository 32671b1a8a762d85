import { createHash } from "node:crypto";
import type { GenerateContentConfig, GoogleGenAI, GoogleGenAIOptions } from "@google/genai";
import {
  createAttemptNotices,
  isScrubbableSecret,
  type LLMOutput,
  type LLMRequest,
  type ProviderClient,
  type ProviderFactory,
  type ProviderInstanceConfig,
  type RequestContext,
} from "../../src/index.js";
import { limitAttempt } from "../../src/provider-utils.js";
import { buildGoogleRequest, type GoogleSettings } from "./build-google-request.js";
import type { GoogleResponse } from "./google-api-types.js";
import { mapGoogleError } from "./map-google-error.js";
import { mapGoogleParams } from "./map-google-params.js";
import { mapGoogleResponse } from "./map-google-response.js";
import { resolveToolSchemaMode } from "./prepare-google-tools.js";
import { streamGoogleEvents } from "./stream-google-events.js";
import {
  createCachedGoogleUploader,
  type GoogleUploadCache,
  processUploadCache,
} from "./upload-google-file.js";
import { withoutUndiciTimeouts } from "./without-undici-timeouts.js";

/** Defaults of the google provider type's options (the instance schema in index.ts documents them). */
export const GOOGLE_DEFAULTS = {
  baseURL: "https://generativelanguage.googleapis.com",
  // Pinned: @google/genai 3.x moved its default to v1, where requests and uploads change paths.
  apiVersion: "v1beta",
  // About 18.7 MB once base64-encoded: under Google's documented 20 MB limit for a whole request.
  inlineMaxBytes: 14_000_000,
} as const;

/** The I/O edges of the client, injectable for tests. */
export interface GoogleClientDependencies {
  /** Loads the SDK; called once per instance, when the instance is built. */
  importSdk?: () => Promise<{ GoogleGenAI: typeof GoogleGenAI }>;
  fetch?: typeof fetch;
  now?: () => number;
  uploadCache?: GoogleUploadCache;
}

/** The factory the plugin registers: one SDK client per provider instance, built once and reused. */
export function createGoogleProviderFactory(dependencies: GoogleClientDependencies = {}): ProviderFactory {
  // The runtime's guarded fetch, unless a test injected its own.
  return (instance, environment) =>
    createGoogleProviderClient(instance, { fetch: environment?.fetch, ...dependencies });
}

export async function createGoogleProviderClient(
  instance: ProviderInstanceConfig,
  dependencies: GoogleClientDependencies = {},
): Promise<ProviderClient> {
  // The kernel has checked the key before building the client (ProviderRegistration.apiKeyEnv).
  const apiKey = instance.apiKey ?? "";
  const baseURL = instance.baseURL ?? GOOGLE_DEFAULTS.baseURL;
  const apiVersion =
    typeof instance.apiVersion === "string" ? instance.apiVersion : GOOGLE_DEFAULTS.apiVersion;
  const { GoogleGenAI } = await (dependencies.importSdk ?? (() => import("@google/genai")))();
  const fetchImplementation = dependencies.fetch && withoutUndiciTimeouts(dependencies.fetch);
  const sdk = new GoogleGenAI(sdkOptions(instance, { apiKey, baseURL, apiVersion }, fetchImplementation));
  const upload = createCachedGoogleUploader({
    // The SDK's upload takes no signal: an SDK client of the upload's own gets a fetch bound to it.
    upload: ({ bytes, mimeType, displayName }, signal) =>
      new GoogleGenAI(
        sdkOptions(instance, { apiKey, baseURL, apiVersion }, boundTo(signal, fetchImplementation)),
      ).files.upload({ file: new Blob([bytes], { type: mimeType }), config: { mimeType, displayName } }),
    cache: dependencies.uploadCache ?? processUploadCache,
    scope: `${baseURL} ${apiVersion} ${createHash("sha256").update(apiKey).digest("hex").slice(0, 16)}`,
    now: dependencies.now ?? Date.now,
  });
  const settings: GoogleSettings = {
    // Header values may hold credentials too (a gateway's token): scrubbed like the key.
    secrets: [apiKey, ...(isStringRecord(instance.headers) ? Object.values(instance.headers) : [])].filter(
      (value) => isScrubbableSecret(value, instance),
    ),
    timeoutMs: instance.timeoutMs,
    toolSchemaMode: resolveToolSchemaMode(asString(instance.toolSchema), apiVersion),
    inlineMaxBytes:
      typeof instance.inlineMaxBytes === "number" ? instance.inlineMaxBytes : GOOGLE_DEFAULTS.inlineMaxBytes,
    upload,
    notices: createAttemptNotices(),
  };
  return {
    generate: (request, context) => generate(sdk, settings, request, context),
    stream: (request, context) => streamGoogleEvents(sdk, settings, request, context),
    unsupportedParams: (params, model) => mapGoogleParams(params, model).dropped,
  };
}

function sdkOptions(
  instance: ProviderInstanceConfig,
  resolved: { apiKey: string; baseURL: string; apiVersion: string },
  fetchImplementation: typeof fetch | undefined,
): GoogleGenAIOptions {
  return {
    apiKey: resolved.apiKey,
    apiVersion: resolved.apiVersion,
    // Explicit, so GOOGLE_GENAI_USE_VERTEXAI in the environment cannot switch the backend.
    vertexai: false,
    httpOptions: {
      baseUrl: resolved.baseURL,
      apiVersion: resolved.apiVersion,
      ...(instance.timeoutMs ? { timeout: instance.timeoutMs } : {}),
      ...(isStringRecord(instance.headers) ? { headers: instance.headers } : {}),
      ...(fetchImplementation ? { fetch: fetchImplementation } : {}),
      // No retryOptions: the SDK then makes one attempt, and the runtime's retry plugin owns retrying.
    },
  };
}

/** One non-streaming call through the SDK (the google-vertex plugin's too). */
export async function generate(
  sdk: GoogleGenAI,
  settings: GoogleSettings,
  request: LLMRequest,
  context: RequestContext,
): Promise<LLMOutput> {
  const target = { provider: request.provider, model: request.model };
  const limit = limitAttempt(context.signal, settings.timeoutMs);
  try {
    const parameters = await buildGoogleRequest(settings, request, context, limit.signal);
    const config = parameters.config as GenerateContentConfig;
    config.abortSignal = limit.signal;
    // Per-call httpOptions cost the SDK a deep copy of its own: sent only when there is a timeout,
    // with the X-Server-Timeout header (seconds) the SDK's own timeout would have sent.
    if (settings.timeoutMs) config.httpOptions = withoutSdkTimer(settings.timeoutMs);
    const response: unknown = await sdk.models.generateContent(parameters);
    return mapGoogleResponse(response as GoogleResponse, target);
  } catch (error) {
    // An abort the request's signal did not make is the attempt's limit: a TimeoutError.
    const errorContext = { ...target, signal: context.signal, timeoutMs: settings.timeoutMs };
    throw mapGoogleError(error, { ...errorContext, secrets: settings.secrets });
  } finally {
    limit.release();
  }
}

/** A fetch whose every call also stops when `signal` aborts. */
function boundTo(signal: AbortSignal, fetchImplementation: typeof fetch | undefined): typeof fetch {
  return (input, init) => {
    const own = init?.signal;
    const stop = own ? AbortSignal.any([own, signal]) : signal;
    return (fetchImplementation ?? globalThis.fetch)(input, { ...init, signal: stop });
  };
}

function withoutSdkTimer(timeoutMs: number) {
  return { timeout: 0, headers: { "x-server-timeout": String(Math.ceil(timeoutMs / 1000)) } };
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return (
    typeof value === "object" &&
    value !== null &&
    Object.values(value).every((item) => typeof item === "string")
  );
}

function asString(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}
