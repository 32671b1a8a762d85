import type Anthropic from "@anthropic-ai/sdk";
import {
  createAttemptNotices,
  isScrubbableSecret,
  type LLMOutput,
  LLMProviderError,
  type LLMRequest,
  type ProviderClient,
  type RequestContext,
  type StreamEvent,
} from "../../src/index.js";
import { callForJson } from "../../src/provider-utils.js";
import type { AnthropicRequestBody, AnthropicResponse } from "./anthropic-api-types.js";
import { anthropicErrorEvent } from "./anthropic-error-event.js";
import {
  type AnthropicInstanceConfig,
  DEFAULT_ANTHROPIC_BASE_URL,
  DEFAULT_ANTHROPIC_MAX_TOKENS,
} from "./anthropic-instance-config.js";
import { planAnthropicParams } from "./anthropic-params.js";
import { buildAnthropicRequest } from "./build-anthropic-request.js";
import { findUnusableToolUse } from "./check-anthropic-tool-calls.js";
import { mapAnthropicError } from "./map-anthropic-error.js";
import { mapAnthropicResponse } from "./map-anthropic-response.js";
import { mapAnthropicStreamError } from "./map-anthropic-stream-error.js";
import { type AnthropicResponseStream, streamAnthropicEvents } from "./stream-anthropic-events.js";

type AnthropicSdkModule = typeof import("@anthropic-ai/sdk");

/** The I/O edges of an Anthropic client, injectable for tests and embedders. */
export interface AnthropicClientDependencies {
  /** Loads the SDK (default: a dynamic import, ~340 ms, paid only when an instance is built). */
  importSdk?: () => Promise<AnthropicSdkModule>;
  /** The fetch the SDK uses (default: the global one). */
  fetch?: typeof fetch;
  /** Clock for `retry-after` dates (default `Date.now`). */
  now?: () => number;
}

/**
 * Builds the `ProviderClient` of one provider instance: one SDK client, made here once and reused
 * for every call (keep-alive), with the SDK's own retries off (`maxRetries: 0`, the kernel's retry
 * plugin owns retrying). The key, base URL and headers come from the instance only: the SDK is
 * never left to read `ANTHROPIC_BASE_URL`, `ANTHROPIC_AUTH_TOKEN` or a credentials profile.
 */
export async function createAnthropicProviderClient(
  instance: AnthropicInstanceConfig,
  dependencies: AnthropicClientDependencies = {},
): Promise<ProviderClient> {
  const sdkModule = await (dependencies.importSdk ?? (() => import("@anthropic-ai/sdk")))();
  const sdk: Anthropic = new sdkModule.default({
    // The kernel has checked the key before building the client (ProviderRegistration.apiKeyEnv);
    // "" rather than undefined, so the SDK never falls back on ANTHROPIC_API_KEY itself.
    apiKey: instance.apiKey ?? "",
    authToken: null,
    baseURL: instance.baseURL ?? DEFAULT_ANTHROPIC_BASE_URL,
    // Left undefined, the SDK's 10-minute default applies, and so does its refusal of a
    // non-streaming call whose max_tokens implies more than 10 minutes of generation.
    timeout: instance.timeoutMs,
    maxRetries: 0,
    defaultHeaders: instance.headers,
    logLevel: "off",
    ...(dependencies.fetch ? { fetch: dependencies.fetch } : {}),
  });
  const secrets = [instance.apiKey].filter((value) => isScrubbableSecret(value, instance));
  const notices = createAttemptNotices();
  const requestOptions = {
    defaultMaxTokens: instance.maxTokens ?? DEFAULT_ANTHROPIC_MAX_TOKENS,
    acceptsSamplingParams: acceptsSamplingParams(instance.headers),
  };
  const now = dependencies.now ?? Date.now;
  const sdkErrorClass = sdkModule.AnthropicError;

  const errorContext = (request: LLMRequest, context: RequestContext) => ({
    provider: request.provider,
    model: request.model,
    signal: context.signal,
    secrets,
    nowMs: now(),
  });

  function prepare(request: LLMRequest, context: RequestContext): AnthropicRequestBody {
    const stop = context.signal;
    if (stop.aborted) throw mapAnthropicError(stop.reason, errorContext(request, context));
    const { body, droppedParams, notes } = buildAnthropicRequest(request, requestOptions);
    notices.dropped(context, droppedParams);
    for (const note of notes) notices.note(context, note);
    return body;
  }

  async function generate(request: LLMRequest, context: RequestContext): Promise<LLMOutput> {
    const target = { provider: request.provider, model: request.model };
    const body = prepare(request, context);
    // The SDK's timer stops at the response head; callForJson's limit also bounds the body.
    const message = await callForJson({
      signal: context.signal,
      timeoutMs: instance.timeoutMs,
      target,
      // The raw Response: the SDK's own parsing step costs more than the rest of this plugin.
      send: (signal) =>
        sdk.messages
          .create(body as unknown as Anthropic.MessageCreateParamsNonStreaming, { signal })
          .asResponse(),
      mapError: (error, timedOut) =>
        mapAnthropicError(error, { ...errorContext(request, context), ...timedOut }),
    });
    if (!isAnthropicMessage(message)) {
      // A non-JSON 200 (a proxy's HTML page) or JSON of another shape: never an empty success,
      // and never its bytes in the message.
      throw new LLMProviderError("provider_error", "the server answered 200 without a Messages API message", {
        ...target,
        fix: "check that the provider's baseURL points at the Anthropic API (a proxy may have answered), then retry",
      });
    }
    const unusable = findUnusableToolUse(message, target);
    if (unusable) throw unusable;
    return mapAnthropicResponse(message, target);
  }

  /**
   * See `ProviderClient.stream`; the events come from `streamAnthropicEvents`, the one generator
   * between the HTTP body and the kernel (each layer costs about half a microsecond per event).
   */
  function stream(request: LLMRequest, context: RequestContext): AsyncIterable<StreamEvent> {
    return streamAnthropicEvents({
      target: { provider: request.provider, model: request.model },
      stop: context.signal,
      open: async (signal) => {
        const body = { ...prepare(request, context), stream: true };
        // The raw Response: the SDK still sends the request and throws its APIError for an error
        // status, but its Stream (two async generators over the body) is left out.
        const response = await sdk.messages
          .create(body as unknown as Anthropic.MessageCreateParamsStreaming, { signal })
          .asResponse();
        return openedStream(response);
      },
      errorOf: (data, headers) => anthropicErrorEvent(sdkModule, data, headers),
      mapRequestError: (error) => mapAnthropicError(error, errorContext(request, context)),
      mapStreamError: (error) =>
        mapAnthropicStreamError(error, { ...errorContext(request, context), sdkErrorClass }),
    });
  }

  /** The body to read, or the SDK's error for a 2xx without one (a 204), as its Stream threw it. */
  function openedStream(response: Response): AnthropicResponseStream {
    const { body, headers } = response;
    if (!body) throw new sdkModule.AnthropicError("Attempted to iterate over a response with no body");
    return { body: body as unknown as AsyncIterable<Uint8Array>, headers };
  }

  const unsupportedParams = (params: Readonly<Record<string, unknown>>, model: string) => {
    const maxTokens = params.max_tokens ?? params.max_completion_tokens ?? requestOptions.defaultMaxTokens;
    const target = { model, maxTokens: typeof maxTokens === "number" ? maxTokens : 0 };
    return planAnthropicParams(params, requestOptions, target).dropped;
  };
  return { generate, stream, unsupportedParams };
}

/** A `message` body: whatever else it lacks, it has a `content` array (possibly empty). */
function isAnthropicMessage(value: unknown): value is AnthropicResponse {
  return typeof value === "object" && value !== null && Array.isArray((value as AnthropicResponse).content);
}

/** The API version from which temperature, top_p and top_k are refused (the SDK 1.x default). */
const SAMPLING_REMOVED_IN = "2026-10-21";

/** Whether an instance pinned an `anthropic-version` older than the one that removed sampling. */
export function acceptsSamplingParams(headers: Record<string, string> | undefined): boolean {
  const pinned = Object.entries(headers ?? {}).find(
    ([name]) => name.toLowerCase() === "anthropic-version",
  )?.[1];
  // API versions are ISO dates, so they compare as strings.
  return pinned !== undefined && pinned.trim() < SAMPLING_REMOVED_IN;
}
