/**
 * Azure OpenAI Chat Completions for the fake server: `POST
 * /openai/deployments/{deployment}/chat/completions?api-version=...` with an `api-key` header (or a
 * Microsoft Entra ID bearer token). The body is OpenAI's, with Azure's content filter results added:
 * `prompt_filter_results` on the reply and `content_filter_results` on each choice. See
 * https://learn.microsoft.com/azure/ai-foundry/openai/reference and
 * https://learn.microsoft.com/azure/ai-foundry/openai/concepts/content-filter.
 */

import { type FakeServer, type FakeServerOptions, startFakeServer } from "../fake-server.js";
import type { FakeReply, SseEvent } from "../fake-server-types.js";
import { type OpenAICompletionSpec, openAIChatCompletion, openAIChunkEvents } from "./openai-protocol.js";
import { validateAzureOpenAIRequest } from "./validate-azure-openai-request.js";

/** The GA api-version the fakes and tests use. */
export const AZURE_OPENAI_API_VERSION = "2024-10-21";

/** The path of a deployment's chat completions (the api-version goes in the query). */
export function azureOpenAIChatPath(deployment: string): string {
  return `/openai/deployments/${encodeURIComponent(deployment)}/chat/completions`;
}

/** One harm category's verdict, as Azure reports it. */
export interface AzureFilterVerdict {
  filtered: boolean;
  severity?: "safe" | "low" | "medium" | "high";
  detected?: boolean;
}

export type AzureFilterResults = Record<string, AzureFilterVerdict>;

const SAFE_HARM_CATEGORIES: AzureFilterResults = {
  hate: { filtered: false, severity: "safe" },
  self_harm: { filtered: false, severity: "safe" },
  sexual: { filtered: false, severity: "safe" },
  violence: { filtered: false, severity: "safe" },
};

/** The prompt's verdicts: the harm categories and the jailbreak (prompt shield) check. */
export function azurePromptFilterResults(overrides: AzureFilterResults = {}): AzureFilterResults {
  return { ...SAFE_HARM_CATEGORIES, jailbreak: { filtered: false, detected: false }, ...overrides };
}

/** A completion's verdicts: the harm categories and the protected material checks. */
export function azureCompletionFilterResults(overrides: AzureFilterResults = {}): AzureFilterResults {
  return {
    ...SAFE_HARM_CATEGORIES,
    protected_material_code: { filtered: false, detected: false },
    protected_material_text: { filtered: false, detected: false },
    ...overrides,
  };
}

export interface AzureOpenAICompletionSpec extends OpenAICompletionSpec {
  /** Verdicts on the completion (default: every category safe). */
  completionFilter?: AzureFilterResults;
}

/** A `chat.completion` body as Azure sends it: OpenAI's, plus the filter results. */
export function azureOpenAIChatCompletion(spec: AzureOpenAICompletionSpec = {}) {
  const body = openAIChatCompletion(spec);
  return {
    ...body,
    prompt_filter_results: [{ prompt_index: 0, content_filter_results: azurePromptFilterResults() }],
    choices: body.choices.map((choice) => ({
      ...choice,
      content_filter_results: azureCompletionFilterResults(spec.completionFilter),
    })),
  };
}

/**
 * A streamed completion as Azure sends it: first a chunk with no choices, an empty id and model and
 * the prompt's `prompt_filter_results`, then OpenAI's chunks, each choice carrying the completion's
 * `content_filter_results` (the default, synchronous filter mode).
 */
export function azureOpenAIChunkEvents(
  spec: AzureOpenAICompletionSpec & { textPieces?: string[] } = {},
): SseEvent[] {
  const promptChunk = {
    choices: [],
    created: 0,
    id: "",
    model: "",
    object: "",
    prompt_filter_results: [{ prompt_index: 0, content_filter_results: azurePromptFilterResults() }],
  };
  const chunks = openAIChunkEvents(spec).map((event) => {
    const data = event.data as { choices?: Array<Record<string, unknown>> } | string;
    if (typeof data !== "object" || !data.choices?.length) return event;
    const choices = data.choices.map((choice) => ({
      ...choice,
      content_filter_results: azureCompletionFilterResults(spec.completionFilter),
    }));
    return { ...event, data: { ...data, choices } };
  });
  return [{ data: promptChunk }, ...chunks];
}

export interface AzureOpenAIErrorSpec {
  status: number;
  /** Azure's code: a number as a string (`"429"`, `"401"`) or a name (`DeploymentNotFound`). */
  code: string;
  message: string;
  type?: string | null;
  param?: string | null;
  /** Sent as `innererror` (content filter verdicts). */
  innererror?: unknown;
  headers?: Record<string, string>;
}

/** An error reply in Azure's shape, `{error:{code,message,...}}`, with Azure's request id headers. */
export function azureOpenAIErrorReply(spec: AzureOpenAIErrorSpec): FakeReply {
  const error: Record<string, unknown> = { code: spec.code, message: spec.message };
  if (spec.type !== undefined) error.type = spec.type;
  if (spec.param !== undefined) error.param = spec.param;
  if (spec.innererror !== undefined) {
    error.status = spec.status;
    error.innererror = spec.innererror;
  }
  return {
    kind: "json",
    status: spec.status,
    headers: { "apim-request-id": "azure-req-error", "x-request-id": "azure-req-error", ...spec.headers },
    body: { error },
  };
}

/** A fake server answering like an Azure OpenAI resource, its request rules enforced. */
export function startAzureOpenAIFakeServer(
  options: Omit<FakeServerOptions, "validate"> = {},
): Promise<FakeServer> {
  return startFakeServer({ ...options, validate: validateAzureOpenAIRequest });
}
