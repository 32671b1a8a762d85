import { InvalidRequestError, type LLMRequest } from "../../src/index.js";
import type { AnthropicRequestBody } from "./anthropic-api-types.js";
import { type AnthropicParamOptions, planAnthropicParams } from "./anthropic-params.js";
import { convertToAnthropicMessages } from "./convert-to-anthropic-messages.js";
import { fitAnthropicThinking } from "./fit-anthropic-thinking.js";
import { prepareAnthropicTools } from "./prepare-anthropic-tools.js";

export interface AnthropicRequestOptions extends AnthropicParamOptions {
  /** `max_tokens` when the client's params set none. */
  defaultMaxTokens: number;
}

export interface BuiltAnthropicRequest {
  body: AnthropicRequestBody;
  /** Shared params left out because Anthropic would refuse them (see `planAnthropicParams`). */
  droppedParams: string[];
  /** What was changed to meet Anthropic's thinking and prefill rules (see `fitAnthropicThinking`). */
  notes: string[];
}

/**
 * The body of `POST /v1/messages` for one request. `max_tokens` is always sent (Anthropic requires
 * it): the param `max_tokens` (or OpenAI's `max_completion_tokens`), else the instance's
 * `maxTokens`. The other params become fields by `planAnthropicParams`; `parallel_tool_calls:
 * false` becomes `disable_parallel_tool_use`. A `response_format` Anthropic cannot honour is an
 * InvalidRequestError, nothing sent. Then `fitAnthropicThinking` applies the thinking and prefill rules.
 */
export function buildAnthropicRequest(
  request: LLMRequest,
  options: AnthropicRequestOptions,
): BuiltAnthropicRequest {
  const target = { provider: request.provider, model: request.model };
  const conversation = convertToAnthropicMessages(request.messages, target);
  const prepared = prepareAnthropicTools(
    {
      tools: request.tools,
      toolChoice: request.toolChoice,
      historyToolNames: conversation.historyToolNames,
      hasToolBlocks: conversation.hasToolBlocks,
      parallelToolCalls: request.params.parallel_tool_calls,
    },
    target,
  );
  const maxTokens = resolveMaxTokens(request, options.defaultMaxTokens);
  const planned = planAnthropicParams(
    request.params,
    options,
    { model: request.model, maxTokens },
    request.providerParams,
  );
  if (planned.refusal)
    throw new InvalidRequestError(planned.refusal.message, { ...target, fix: planned.refusal.fix });
  const body: AnthropicRequestBody = {
    ...planned.fields,
    model: request.model,
    max_tokens: maxTokens,
    messages: conversation.messages,
  };
  if (conversation.system.length > 0) body.system = conversation.system;
  if (prepared.tools !== undefined) body.tools = prepared.tools;
  if (prepared.tool_choice !== undefined) body.tool_choice = prepared.tool_choice;
  return { body, droppedParams: planned.dropped, notes: fitAnthropicThinking(body) };
}

function resolveMaxTokens(request: LLMRequest, defaultMaxTokens: number): number {
  const value =
    request.providerParams?.max_tokens ??
    request.params.max_tokens ??
    request.params.max_completion_tokens ??
    defaultMaxTokens;
  if (typeof value === "number" && Number.isInteger(value) && value > 0) return value;
  throw new InvalidRequestError(`max_tokens must be a positive integer, got ${JSON.stringify(value)}`, {
    provider: request.provider,
    model: request.model,
    fix: "set params.max_tokens (or the provider's maxTokens) to a positive integer",
  });
}
