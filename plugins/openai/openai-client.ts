import type OpenAI from "openai";
import { formatUserMessageWithFile, isScrubbableSecret, type ProviderClient } from "../../src/index.js";
import { mapOpenAIError } from "./map-openai-error.js";
import { createOpenAIChatCalls, openAIErrorContextOf, sharedOpenAISdkOptions } from "./openai-chat-calls.js";
import { DEFAULT_OPENAI_BASE_URL, type OpenAIInstanceConfig } from "./openai-instance-config.js";
import { planOpenAIParams } from "./openai-params.js";

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
    ...sharedOpenAISdkOptions(instance, dependencies.fetch),
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
  const secrets = [instance.apiKey].filter((value) => isScrubbableSecret(value, instance));

  const { generate, stream } = createOpenAIChatCalls({
    sdk,
    sdkModule,
    timeoutMs: instance.timeoutMs,
    streamUsage: instance.streamUsage,
    errorContext: openAIErrorContextOf(sdkModule, secrets, dependencies.now ?? Date.now),
    mapError: mapOpenAIError,
    notCompletionFix: "check that baseURL points at an OpenAI-compatible /v1 endpoint",
  });

  const unsupportedParams = (params: Readonly<Record<string, unknown>>, model: string) =>
    planOpenAIParams(params, model).dropped;
  return { generate, stream, formatUserMessageWithFile, unsupportedParams };
}
