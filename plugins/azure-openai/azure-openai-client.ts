import type OpenAI from "openai";
import type { AzureOpenAI } from "openai";
import {
  ConfigError,
  formatUserMessageWithFile,
  type LLMOutput,
  LLMProviderError,
  type LLMRequest,
  type ProviderClient,
  type RequestContext,
  type StreamEvent,
} from "../../src/index.js";
import { limitAttempt, readJsonBody } from "../../src/provider-utils.js";
import { findUnusableOpenAIToolCall } from "../openai/check-openai-tool-calls.js";
import { convertToOpenAIRequest } from "../openai/convert-to-openai-request.js";
import { mapOpenAIResponse } from "../openai/map-openai-response.js";
import { mapOpenAIStreamError } from "../openai/map-openai-stream-error.js";
import type { OpenAICompletion } from "../openai/openai-api-types.js";
import { type OpenAIResponseStream, streamOpenAIEvents } from "../openai/stream-openai-events.js";
import type { AzureOpenAIInstanceConfig } from "./azure-openai-instance-config.js";
import { type AzureTokenProvider, loadAzureTokenProvider } from "./load-azure-token-provider.js";
import { type AzureOpenAIErrorContext, mapAzureOpenAIError } from "./map-azure-openai-error.js";

type OpenAISdkModule = typeof import("openai");

/** The I/O edges of an Azure OpenAI client, injectable for tests and embedders. */
export interface AzureOpenAIClientDependencies {
  /** The folder relative `tokenProvider` paths start from (the config file's). */
  baseDir: string;
  /** The fetch the SDK uses (default: the global one). */
  fetch?: typeof fetch;
  /** Clock for `retry-after` dates (default `Date.now`). */
  now?: () => number;
}

function isCompletion(value: unknown): value is OpenAICompletion {
  return typeof value === "object" && value !== null && Array.isArray((value as OpenAICompletion).choices);
}

/** Exactly one of `apiKey` and `tokenProvider`, checked before the SDK would throw its own text. */
function checkCredentials(instance: AzureOpenAIInstanceConfig): void {
  const pointer = `/providers/${instance.name}`;
  if (instance.apiKey && instance.tokenProvider) {
    throw new ConfigError(
      `provider "${instance.name}" of type azure-openai has both apiKey and tokenProvider`,
      {
        pointer: `${pointer}/tokenProvider`,
        fix: "keep one: apiKey for the resource's key, or tokenProvider for Microsoft Entra ID",
      },
    );
  }
  if (!instance.apiKey && !instance.tokenProvider) {
    throw new ConfigError(
      `provider "${instance.name}" of type azure-openai has no apiKey and no tokenProvider`,
      {
        pointer,
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the fix shows the user the ${NAME} syntax
        fix: 'add "apiKey": "${AZURE_OPENAI_API_KEY}", or "tokenProvider": "./azure-token.mjs" for Microsoft Entra ID',
      },
    );
  }
}

function createSdk(
  sdkModule: OpenAISdkModule,
  instance: AzureOpenAIInstanceConfig,
  tokenProvider: AzureTokenProvider | undefined,
  dependencies: AzureOpenAIClientDependencies,
): AzureOpenAI {
  return new sdkModule.AzureOpenAI({
    // Explicit values (null = none) keep the SDK from reading OPENAI_BASE_URL, AZURE_OPENAI_API_KEY,
    // AZURE_OPENAI_ENDPOINT, OPENAI_API_VERSION or OPENAI_ORG_ID: the config alone decides.
    baseURL: `${instance.endpoint.replace(/\/+$/, "")}/openai`,
    apiVersion: instance.apiVersion,
    ...(instance.deployment ? { deployment: instance.deployment } : {}),
    ...(tokenProvider ? { apiKey: null, azureADTokenProvider: tokenProvider } : { apiKey: instance.apiKey }),
    organization: null,
    project: null,
    adminAPIKey: null,
    webhookSecret: null,
    timeout: instance.timeoutMs,
    maxRetries: 0,
    defaultHeaders: instance.headers,
    logLevel: "off",
    ...(dependencies.fetch ? { fetch: dependencies.fetch } : {}),
  } as ConstructorParameters<typeof AzureOpenAI>[0]);
}

/**
 * Builds the `ProviderClient` of one Azure OpenAI instance through the `openai` SDK's AzureOpenAI
 * client: `<endpoint>/openai/deployments/<deployment>/chat/completions?api-version=<apiVersion>`,
 * authenticated by the `api-key` header or a Microsoft Entra ID bearer token. The body, the reply
 * and the stream are OpenAI's, so the OpenAI plugin's converters do the work; errors go through
 * `mapAzureOpenAIError` for Azure's own cases (content filter, deployment, credentials).
 */
export async function createAzureOpenAIProviderClient(
  instance: AzureOpenAIInstanceConfig,
  dependencies: AzureOpenAIClientDependencies,
): Promise<ProviderClient> {
  checkCredentials(instance);
  const loaded = instance.tokenProvider
    ? await loadAzureTokenProvider(instance.tokenProvider, dependencies.baseDir, instance.name)
    : undefined;
  // Tokens are secrets too: the latest one is scrubbed from error texts like the key.
  const secrets: string[] = instance.apiKey ? [instance.apiKey] : [];
  const tokenProvider = loaded
    ? async () => {
        const token = await loaded();
        if (typeof token === "string" && token !== "") secrets.splice(0, secrets.length, token);
        return token;
      }
    : undefined;
  const sdkModule = await import("openai");
  const sdk = createSdk(sdkModule, instance, tokenProvider, dependencies);
  const now = dependencies.now ?? Date.now;

  const errorContext = (request: LLMRequest, context: RequestContext): AzureOpenAIErrorContext => ({
    provider: request.provider,
    model: request.model,
    classes: sdkModule,
    signal: context.signal,
    secrets,
    nowMs: now(),
    deployment: instance.deployment ?? request.model,
    usesTokenProvider: tokenProvider !== undefined,
  });

  function convert(request: LLMRequest, context: RequestContext): Record<string, unknown> {
    const stop = context.signal;
    if (stop.aborted) throw mapAzureOpenAIError(stop.reason, errorContext(request, context));
    const { body, droppedParams } = convertToOpenAIRequest(request);
    if (droppedParams.length > 0) {
      const { provider, model } = request;
      context.logger.debug(
        { provider, model, droppedParams },
        "left out client params OpenAI does not accept",
      );
    }
    return body as unknown as Record<string, unknown>;
  }

  async function generate(request: LLMRequest, context: RequestContext): Promise<LLMOutput> {
    const target = { provider: request.provider, model: request.model };
    const body = convert(request, context);
    // The SDK's timer stops at the response head; this one also bounds the body.
    const limit = limitAttempt(context.signal, instance.timeoutMs);
    let completion: unknown;
    try {
      const response = await sdk.chat.completions
        .create(body as unknown as OpenAI.ChatCompletionCreateParamsNonStreaming, { signal: limit.signal })
        .asResponse();
      completion = await readJsonBody(response);
    } catch (error) {
      const timedOut = limit.timedOut() ? { attemptTimeoutMs: instance.timeoutMs } : {};
      throw mapAzureOpenAIError(error, { ...errorContext(request, context), ...timedOut });
    } finally {
      limit.release();
    }
    if (!isCompletion(completion)) {
      throw new LLMProviderError("provider_error", "the server answered 200 without a chat.completion body", {
        ...target,
        fix: "check that endpoint is the Azure OpenAI resource's, e.g. https://my-resource.openai.azure.com",
      });
    }
    const unusable = findUnusableOpenAIToolCall(completion, target);
    if (unusable) throw unusable;
    return mapOpenAIResponse(completion, target);
  }

  function stream(request: LLMRequest, context: RequestContext): AsyncIterable<StreamEvent> {
    return streamOpenAIEvents({
      target: { provider: request.provider, model: request.model },
      signal: context.signal,
      open: async (signal) => {
        const body: Record<string, unknown> = { ...convert(request, context), stream: true };
        if (instance.streamUsage !== false) body.stream_options = { include_usage: true };
        const response = await sdk.chat.completions
          .create(body as unknown as OpenAI.ChatCompletionCreateParamsStreaming, { signal })
          .asResponse();
        return openedStream(response);
      },
      mapRequestError: (error) => mapAzureOpenAIError(error, errorContext(request, context)),
      // An error chunk after HTTP 200 is the SDK's APIError: Azure's mapping; a cut or bad chunk: OpenAI's.
      mapStreamError: (error) =>
        error instanceof sdkModule.APIError
          ? mapAzureOpenAIError(error, errorContext(request, context))
          : mapOpenAIStreamError(error, errorContext(request, context)),
    });
  }

  function openedStream(response: Response): OpenAIResponseStream {
    const { body, headers } = response;
    return {
      body: (body ?? []) as unknown as AsyncIterable<Uint8Array>,
      errorOf: (error) => new sdkModule.APIError(undefined, error as object, undefined, headers),
    };
  }

  return { generate, stream, formatUserMessageWithFile };
}
