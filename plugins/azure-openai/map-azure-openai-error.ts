import type { APIError, OpenAIError } from "openai";
import {
  AuthenticationError,
  ContentFilterError,
  isLLMError,
  type LLMProviderError,
  ModelNotFoundError,
} from "../../src/index.js";
import {
  mapOpenAIError,
  type OpenAIErrorClasses,
  type OpenAIErrorContext,
  providerText,
} from "../openai/map-openai-error.js";
import { describeAzureFilterVerdicts } from "./describe-azure-filter-verdicts.js";

export interface AzureOpenAIErrorContext extends OpenAIErrorContext {
  classes: OpenAIErrorClasses & { OpenAIError: typeof OpenAIError };
  /** The deployment the request went to, for the fix of a 404. */
  deployment: string;
  /** Whether the instance authenticates with its tokenProvider rather than an api-key. */
  usesTokenProvider: boolean;
}

interface AzureErrorBody {
  code?: unknown;
  message?: unknown;
  innererror?: { code?: unknown; content_filter_result?: unknown };
}

/**
 * A failure of an Azure OpenAI call as the runtime's error: OpenAI's mapping (Azure answers with
 * the same statuses), with Azure's own cases made precise. The 400 `content_filter` error (the
 * prompt tripped the content filter; `innererror.content_filter_result` says which category)
 * becomes ContentFilterError naming the categories; a 404 names the deployment and endpoint; a 401
 * or 403 names the key or token provider; a token provider that throws or returns no string is an
 * AuthenticationError, not a broken reply. Never throws.
 */
export function mapAzureOpenAIError(error: unknown, context: AzureOpenAIErrorContext): LLMProviderError {
  const mapped = mapOpenAIError(error, context);
  if (isLLMError(error) || mapped.code === "aborted" || mapped.code === "timeout") return mapped;
  const where = { provider: context.provider, model: context.model };
  const { classes } = context;
  if (!(error instanceof classes.APIError) && error instanceof classes.OpenAIError) {
    // The SDK's own errors before sending: here, only the token provider's failures.
    const reason = providerText(error as APIError, context.secrets);
    return new AuthenticationError(`the tokenProvider gave no access token: ${reason}`, {
      ...where,
      cause: error,
      fix: "check the tokenProvider module and its Azure credentials (az login, a managed identity, or AZURE_* variables)",
    });
  }
  const body = (error as APIError).error as AzureErrorBody | undefined;
  if (mapped.status === 400 && body?.code === "content_filter") {
    const verdicts = describeAzureFilterVerdicts(body.innererror?.content_filter_result);
    return new ContentFilterError(
      `Azure's content filter blocked the prompt${verdicts ? ` (${verdicts})` : ""}`,
      {
        ...detailsOf(mapped),
        fix: "rephrase the prompt, or ask the resource's owner to adjust its content filter configuration",
      },
    );
  }
  if (mapped.status === 404) {
    return new ModelNotFoundError(
      `the server answered: ${providerText(error as APIError, context.secrets)}`,
      {
        ...detailsOf(mapped),
        fix: `check that the resource at the endpoint has a deployment named "${context.deployment}" and that apiVersion is one Azure serves`,
      },
    );
  }
  if (mapped.status === 401 || mapped.status === 403) {
    return new AuthenticationError(
      `the server answered: ${providerText(error as APIError, context.secrets)}`,
      {
        ...detailsOf(mapped),
        fix: context.usesTokenProvider
          ? "check that the tokenProvider's identity has the Cognitive Services OpenAI User role on the resource"
          : "check apiKey (a key of this resource, AZURE_OPENAI_API_KEY) and that endpoint is this resource's",
      },
    );
  }
  return mapped;
}

function detailsOf(mapped: LLMProviderError) {
  const { provider, model, status, retryAfterMs, requestId, providerCode, cause } = mapped;
  return { provider, model, status, retryAfterMs, requestId, providerCode, cause };
}
