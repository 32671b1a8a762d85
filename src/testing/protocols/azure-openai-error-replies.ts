/**
 * Error replies as Azure OpenAI sends them (status, body, headers), for the cases the runtime's
 * error taxonomy distinguishes. Azure's own errors carry `{code, message}` with the status as the
 * code; errors of the model itself (context length, a bad parameter) keep OpenAI's shape. See
 * https://learn.microsoft.com/azure/ai-foundry/openai/concepts/content-filter for the filter's.
 */
import type { FakeReply } from "../fake-server-types.js";
import {
  AZURE_OPENAI_API_VERSION,
  type AzureFilterResults,
  azureOpenAIErrorReply,
  azurePromptFilterResults,
} from "./azure-openai-protocol.js";
import { openAIErrorReply } from "./openai-protocol.js";

export const AZURE_OPENAI_ERRORS = {
  /** 429 over the deployment's tokens or requests per minute; the wait is in the text and headers. */
  rateLimit: (seconds = 2): FakeReply =>
    azureOpenAIErrorReply({
      status: 429,
      code: "429",
      message: `Requests to the ChatCompletions_Create Operation under Azure OpenAI API version ${AZURE_OPENAI_API_VERSION} have exceeded token rate limit of your current OpenAI S0 pricing tier. Please retry after ${seconds} seconds. Please go here: https://aka.ms/oai/quotaincrease if you would like to further increase the default rate limit.`,
      headers: { "retry-after": String(seconds), "x-request-id": "azure-req-rate-limit" },
    }),
  /** 401: a wrong key, or a key for another resource's endpoint. */
  accessDenied: (): FakeReply =>
    azureOpenAIErrorReply({
      status: 401,
      code: "401",
      message:
        "Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.",
      headers: { "x-request-id": "azure-req-auth" },
    }),
  /** 404: no deployment of that name on the resource. */
  deploymentNotFound: (): FakeReply =>
    azureOpenAIErrorReply({
      status: 404,
      code: "DeploymentNotFound",
      message:
        "The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again.",
    }),
  /**
   * 400: the prompt tripped the content filter. `innererror.content_filter_result` holds each
   * category's verdict (default: violence filtered at medium severity).
   */
  contentFilter: (
    verdicts: AzureFilterResults = { violence: { filtered: true, severity: "medium" } },
  ): FakeReply =>
    azureOpenAIErrorReply({
      status: 400,
      code: "content_filter",
      type: null,
      param: "prompt",
      message:
        "The response was filtered due to the prompt triggering Azure OpenAI's content management policy. Please modify your prompt and retry. To learn more about our content filtering policies please read our documentation: https://go.microsoft.com/fwlink/?linkid=2198766",
      innererror: {
        code: "ResponsibleAIPolicyViolation",
        content_filter_result: azurePromptFilterResults(verdicts),
      },
    }),
  contextLengthExceeded: (): FakeReply =>
    openAIErrorReply({
      status: 400,
      message:
        "This model's maximum context length is 128000 tokens. However, your messages resulted in 131072 tokens. Please reduce the length of the messages.",
      param: "messages",
      code: "context_length_exceeded",
      requestId: "azure-req-context",
    }),
  invalidRequest: (): FakeReply =>
    openAIErrorReply({
      status: 400,
      message: "Invalid type for 'temperature': expected a decimal, but got a string instead.",
      param: "temperature",
      code: "invalid_type",
      requestId: "azure-req-invalid",
    }),
  /** 503 while the deployment's capacity is exhausted. */
  serviceUnavailable: (): FakeReply =>
    azureOpenAIErrorReply({
      status: 503,
      code: "ServiceUnavailable",
      message: "The service is temporarily unable to process your request. Please try again later.",
    }),
} as const;
