import type { AzureOpenAI } from "openai";
import {
  ConfigError,
  formatUserMessageWithFile,
  type LLMRequest,
  type ProviderClient,
  type RequestContext,
} from "../../src/index.js";
import {
  createOpenAIChatCalls,
  openAIErrorContextOf,
  sharedOpenAISdkOptions,
} from "../openai/openai-chat-calls.js";
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
    ...sharedOpenAISdkOptions(instance, dependencies.fetch),
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
  const openAIErrorContext = openAIErrorContextOf(sdkModule, secrets, dependencies.now ?? Date.now);
  const errorContext = (request: LLMRequest, context: RequestContext): AzureOpenAIErrorContext => ({
    ...openAIErrorContext(request, context),
    classes: sdkModule,
    deployment: instance.deployment ?? request.model,
    usesTokenProvider: tokenProvider !== undefined,
  });

  const { generate, stream } = createOpenAIChatCalls({
    sdk,
    sdkModule,
    timeoutMs: instance.timeoutMs,
    streamUsage: instance.streamUsage,
    errorContext,
    mapError: mapAzureOpenAIError,
    notCompletionFix:
      "check that endpoint is the Azure OpenAI resource's, e.g. https://my-resource.openai.azure.com",
  });

  return { generate, stream, formatUserMessageWithFile };
}
