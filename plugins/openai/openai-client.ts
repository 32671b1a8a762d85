import type OpenAI from "openai";
import {
  createAttemptNotices,
  formatUserMessageWithFile,
  isScrubbableSecret,
  type LLMOutput,
  LLMProviderError,
  type LLMRequest,
  type ProviderClient,
  type RequestContext,
  type StreamEvent,
} from "../../src/index.js";
import { limitAttempt, readJsonBody } from "../../src/provider-utils.js";
import { findUnusableOpenAIToolCall } from "./check-openai-tool-calls.js";
import { type ConvertedOpenAIRequest, convertToOpenAIRequest } from "./convert-to-openai-request.js";
import { mapOpenAIError, type OpenAIErrorContext } from "./map-openai-error.js";
import { mapOpenAIResponse } from "./map-openai-response.js";
import { mapOpenAIStreamError } from "./map-openai-stream-error.js";
import type { OpenAICompletion } from "./openai-api-types.js";
import { DEFAULT_OPENAI_BASE_URL, type OpenAIInstanceConfig } from "./openai-instance-config.js";
import { planOpenAIParams } from "./openai-params.js";
import { type OpenAIResponseStream, streamOpenAIEvents } from "./stream-openai-events.js";

type OpenAISdkModule = typeof import("openai");

/** The I/O edges of an OpenAI client, injectable for tests and embedders. */
export interface OpenAIClientDependencies {
  /** Loads the SDK (default: a dynamic import, ~130 ms, paid only when an instance is built). */
  importSdk?: () => Promise<OpenAISdkModule>;
  /** The fetch the SDK uses (default: the global one). */
  fetch?: typeof fetch;
  /** Clock for `retry-after` dates (default `Date.now`). */
  now?: () => number;
}

function isCompletion(value: unknown): value is OpenAICompletion {
  return typeof value === "object" && value !== null && Array.isArray((value as OpenAICompletion).choices);
}

function createSdk(
  sdkModule: OpenAISdkModule,
  instance: OpenAIInstanceConfig,
  dependencies: OpenAIClientDependencies,
): OpenAI {
  return new sdkModule.default({
    // The kernel has checked the key before building the client (ProviderRegistration.apiKeyEnv);
    // "" rather than undefined, so the SDK never falls back on OPENAI_API_KEY itself.
    apiKey: instance.apiKey ?? "",
    // Explicit values (null = none) keep the SDK from reading OPENAI_BASE_URL, OPENAI_ORG_ID or
    // OPENAI_PROJECT_ID: the config alone decides where a request goes.
    baseURL: instance.baseURL ?? DEFAULT_OPENAI_BASE_URL,
    organization: instance.organization ?? null,
    project: instance.project ?? null,
    adminAPIKey: null,
    webhookSecret: null,
    timeout: instance.timeoutMs,
    maxRetries: 0,
    defaultHeaders: instance.headers,
    logLevel: "off",
    ...(dependencies.fetch ? { fetch: dependencies.fetch } : {}),
  });
}

/**
 * Builds the `ProviderClient` of one provider instance (OpenAI or an OpenAI-compatible server):
 * one SDK client, made here once and reused for every call (keep-alive), with the SDK's own
 * retries off (`maxRetries: 0`; the kernel's retry plugin owns retrying).
 */
export async function createOpenAIProviderClient(
  instance: OpenAIInstanceConfig,
  dependencies: OpenAIClientDependencies = {},
): Promise<ProviderClient> {
  const sdkModule = await (dependencies.importSdk ?? (() => import("openai")))();
  const sdk = createSdk(sdkModule, instance, dependencies);
  const classes = sdkModule;
  const secrets = [instance.apiKey].filter((value) => isScrubbableSecret(value, instance));
  const notices = createAttemptNotices();
  const now = dependencies.now ?? Date.now;

  const errorContext = (request: LLMRequest, context: RequestContext): OpenAIErrorContext => ({
    provider: request.provider,
    model: request.model,
    classes,
    signal: context.signal,
    secrets,
    nowMs: now(),
  });

  function convert(request: LLMRequest, context: RequestContext): ConvertedOpenAIRequest["body"] {
    const stop = context.signal;
    if (stop.aborted) throw mapOpenAIError(stop.reason, errorContext(request, context));
    const { body, droppedParams } = convertToOpenAIRequest(request);
    notices.dropped(context, droppedParams);
    return body;
  }

  async function generate(request: LLMRequest, context: RequestContext): Promise<LLMOutput> {
    const target = { provider: request.provider, model: request.model };
    const body = convert(request, context);
    // The SDK's timer stops at the response head; this one also bounds the body (streams: the head only).
    const limit = limitAttempt(context.signal, instance.timeoutMs);
    let completion: unknown;
    try {
      // The raw Response: the SDK's own parsing step costs more than the rest of this plugin.
      const response = await sdk.chat.completions
        .create(body as unknown as OpenAI.ChatCompletionCreateParamsNonStreaming, { signal: limit.signal })
        .asResponse();
      completion = await readJsonBody(response, target);
    } catch (error) {
      const timedOut = limit.timedOut() ? { attemptTimeoutMs: instance.timeoutMs } : {};
      throw mapOpenAIError(error, { ...errorContext(request, context), ...timedOut });
    } finally {
      limit.release();
    }
    if (!isCompletion(completion)) {
      // An HTML page or other non-JSON 200 from a proxy: never an empty success, never its bytes in the message.
      throw new LLMProviderError("provider_error", "the server answered 200 without a chat.completion body", {
        ...target,
        fix: "check that baseURL points at an OpenAI-compatible /v1 endpoint",
      });
    }
    const unusable = findUnusableOpenAIToolCall(completion, target);
    if (unusable) throw unusable;
    return mapOpenAIResponse(completion, target);
  }

  /** See `ProviderClient.stream`; the events come from `streamOpenAIEvents`. */
  function stream(request: LLMRequest, context: RequestContext): AsyncIterable<StreamEvent> {
    return streamOpenAIEvents({
      target: { provider: request.provider, model: request.model },
      signal: context.signal,
      open: async (signal) => {
        const body: Record<string, unknown> = { ...convert(request, context), stream: true };
        // Usage comes in a last chunk only when asked for; some compatible servers (Groq) reject the field.
        if (instance.streamUsage !== false) body.stream_options = { include_usage: true };
        // The raw Response: the SDK still sends the request and throws its APIError for an error
        // status, but neither builds its Stream nor reads the body.
        const response = await sdk.chat.completions
          .create(body as unknown as OpenAI.ChatCompletionCreateParamsStreaming, { signal })
          .asResponse();
        return openedStream(response);
      },
      mapRequestError: (error) => mapOpenAIError(error, errorContext(request, context)),
      mapStreamError: (error) => mapOpenAIStreamError(error, errorContext(request, context)),
    });
  }

  /**
   * The body is read by `streamOpenAIEvents`, not by the SDK's reader, and an error chunk becomes
   * the APIError the SDK's reader would have thrown, so `mapOpenAIError` classifies it the same way.
   */
  function openedStream(response: Response): OpenAIResponseStream {
    const { body, headers } = response;
    return {
      // No body reads as a stream cut before its finish_reason.
      body: (body ?? []) as unknown as AsyncIterable<Uint8Array>,
      errorOf: (error) => new sdkModule.APIError(undefined, error as object, undefined, headers),
    };
  }

  const unsupportedParams = (params: Readonly<Record<string, unknown>>, model: string) =>
    planOpenAIParams(params, model).dropped;
  return { generate, stream, formatUserMessageWithFile, unsupportedParams };
}
