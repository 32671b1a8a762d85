import type OpenAI from "openai";
import {
  createAttemptNotices,
  type LLMOutput,
  LLMProviderError,
  type LLMRequest,
  type ProviderClient,
  type RequestContext,
  type StreamEvent,
} from "../../src/index.js";
import { callForJson } from "../../src/provider-utils.js";
import { findUnusableOpenAIToolCall } from "./check-openai-tool-calls.js";
import { convertToOpenAIRequest } from "./convert-to-openai-request.js";
import type { OpenAIErrorContext } from "./map-openai-error.js";
import { mapOpenAIResponse } from "./map-openai-response.js";
import { mapOpenAIStreamError } from "./map-openai-stream-error.js";
import type { OpenAICompletion } from "./openai-api-types.js";
import { type OpenAIResponseStream, streamOpenAIEvents } from "./stream-openai-events.js";

/**
 * What differs between the providers that speak OpenAI's Chat Completions through the `openai`
 * SDK (OpenAI and compatible servers; Azure OpenAI): the SDK client, how a failure is classified,
 * and the hint given when a 200 is not a chat.completion.
 */
export interface OpenAIChatCallsOptions<Context extends OpenAIErrorContext> {
  /** The SDK client, built once per instance (`OpenAI` or `AzureOpenAI`), SDK retries off. */
  sdk: OpenAI;
  /** The SDK module, whose APIError builds the error of an error chunk after HTTP 200. */
  sdkModule: typeof import("openai");
  /** The instance's attempt limit in ms (none when absent); it bounds the body too, not only the response head. */
  timeoutMs?: number;
  /** `false` leaves out `stream_options.include_usage` (some compatible servers reject it). */
  streamUsage?: boolean;
  /** The facts the error mapper needs for one request. */
  errorContext(request: LLMRequest, context: RequestContext): Context;
  /** The provider's error mapping; it never throws. */
  mapError(error: unknown, context: Context): LLMProviderError;
  /** The fix named when a 200 carries no chat.completion (an HTML page from a proxy, say). */
  notCompletionFix: string;
}

/**
 * The SDK options both clients set alike: the SDK's retries off (the kernel's retry plugin owns
 * retrying), its logging off, no admin key or webhook secret read from the environment, the
 * instance's attempt limit and headers, and the runtime's fetch when one is injected.
 */
export function sharedOpenAISdkOptions(
  instance: { timeoutMs?: number; headers?: Record<string, string> },
  fetch: typeof globalThis.fetch | undefined,
) {
  return {
    adminAPIKey: null,
    webhookSecret: null,
    timeout: instance.timeoutMs,
    maxRetries: 0,
    defaultHeaders: instance.headers,
    logLevel: "off" as const,
    ...(fetch ? { fetch } : {}),
  };
}

/** The part of the error mapper's context every Chat Completions provider fills the same way. */
export function openAIErrorContextOf(
  sdkModule: typeof import("openai"),
  secrets: readonly string[],
  now: () => number,
): (request: LLMRequest, context: RequestContext) => OpenAIErrorContext {
  return (request, context) => ({
    provider: request.provider,
    model: request.model,
    classes: sdkModule,
    signal: context.signal,
    secrets,
    nowMs: now(),
  });
}

function isCompletion(value: unknown): value is OpenAICompletion {
  return typeof value === "object" && value !== null && Array.isArray((value as OpenAICompletion).choices);
}

/**
 * `generate` and `stream` of one Chat Completions provider instance: the request converted by the
 * OpenAI converters (left-out params recorded on the attempt), the SDK's raw `Response` read here,
 * failures classified by the provider's own `mapError`.
 */
export function createOpenAIChatCalls<Context extends OpenAIErrorContext>(
  options: OpenAIChatCallsOptions<Context>,
): Pick<ProviderClient, "generate" | "stream"> {
  const { sdk, sdkModule, timeoutMs, errorContext, mapError } = options;
  const notices = createAttemptNotices();

  function convert(request: LLMRequest, context: RequestContext): Record<string, unknown> {
    const stop = context.signal;
    if (stop.aborted) throw mapError(stop.reason, errorContext(request, context));
    const { body, droppedParams } = convertToOpenAIRequest(request);
    notices.dropped(context, droppedParams);
    return body as unknown as Record<string, unknown>;
  }

  async function generate(request: LLMRequest, context: RequestContext): Promise<LLMOutput> {
    const target = { provider: request.provider, model: request.model };
    const body = convert(request, context);
    // The SDK's timer stops at the response head; callForJson's limit also bounds the body.
    const completion = await callForJson({
      signal: context.signal,
      timeoutMs,
      target,
      // The raw Response: the SDK's own parsing step costs more than the rest of this plugin.
      send: (signal) =>
        sdk.chat.completions
          .create(body as unknown as OpenAI.ChatCompletionCreateParamsNonStreaming, { signal })
          .asResponse(),
      mapError: (error, timedOut) => mapError(error, { ...errorContext(request, context), ...timedOut }),
    });
    if (!isCompletion(completion)) {
      // An HTML page or other non-JSON 200 from a proxy: never an empty success, never its bytes in the message.
      throw new LLMProviderError("provider_error", "the server answered 200 without a chat.completion body", {
        ...target,
        fix: options.notCompletionFix,
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
        if (options.streamUsage !== false) body.stream_options = { include_usage: true };
        // The raw Response: the SDK still sends the request and throws its APIError for an error
        // status, but neither builds its Stream nor reads the body.
        const response = await sdk.chat.completions
          .create(body as unknown as OpenAI.ChatCompletionCreateParamsStreaming, { signal })
          .asResponse();
        return openedStream(response);
      },
      mapRequestError: (error) => mapError(error, errorContext(request, context)),
      // An error chunk after HTTP 200 is the SDK's APIError: the provider's mapping; a cut or a bad
      // chunk: the stream mapping.
      mapStreamError: (error) =>
        error instanceof sdkModule.APIError
          ? mapError(error, errorContext(request, context))
          : mapOpenAIStreamError(error, errorContext(request, context)),
    });
  }

  /**
   * The body is read by `streamOpenAIEvents`, not by the SDK's reader, and an error chunk becomes
   * the APIError the SDK's reader would have thrown, so the error mapping classifies it the same way.
   */
  function openedStream(response: Response): OpenAIResponseStream {
    const { body, headers } = response;
    return {
      // No body reads as a stream cut before its finish_reason.
      body: (body ?? []) as unknown as AsyncIterable<Uint8Array>,
      errorOf: (error) => new sdkModule.APIError(undefined, error as object, undefined, headers),
    };
  }

  return { generate, stream };
}
