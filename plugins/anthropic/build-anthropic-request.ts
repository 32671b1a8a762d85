import { InvalidRequestError, type LLMRequest } from "../../src/index.js";
import type { AnthropicRequestBody } from "./anthropic-api-types.js";
import { convertToAnthropicMessages } from "./convert-to-anthropic-messages.js";
import { prepareAnthropicTools } from "./prepare-anthropic-tools.js";

/** Fields this plugin builds itself; a client param of the same name is ignored. */
const BUILT_FIELDS = new Set(["model", "messages", "system", "tools", "tool_choice", "max_tokens", "stream"]);

/**
 * OpenAI-only client params a shared client config may carry for its OpenAI targets. Anthropic
 * answers 400 to any parameter it does not know, so these are left out rather than sent.
 */
const OPENAI_ONLY_PARAMS = new Set([
  "frequency_penalty",
  "presence_penalty",
  "logit_bias",
  "logprobs",
  "top_logprobs",
  "n",
  "seed",
  "response_format",
  "reasoning_effort",
  "stream_options",
]);

/**
 * Sampling params. API version 2026-10-21 (the one @anthropic-ai/sdk 1.x sends) answers 400
 * "temperature: Extra inputs are not permitted" to each of them, even at its default value; only
 * an instance pinned to an older `anthropic-version` may send them.
 */
const SAMPLING_PARAMS = new Set(["temperature", "top_p", "top_k"]);

/** OpenAI params this plugin translates into Anthropic's (see `buildAnthropicRequest`). */
const TRANSLATED_PARAMS = new Set(["max_completion_tokens", "parallel_tool_calls", "stop", "user"]);

export interface AnthropicRequestOptions {
  /** `max_tokens` when the client's params set none. */
  defaultMaxTokens: number;
  /** Whether the API version in use still accepts temperature, top_p and top_k. */
  acceptsSamplingParams: boolean;
}

export interface BuiltAnthropicRequest {
  body: AnthropicRequestBody;
  /** Client params left out because Anthropic would refuse them (for a debug log line). */
  droppedParams: string[];
}

/**
 * The body of `POST /v1/messages` for one request. `max_tokens` is always sent (Anthropic requires
 * it): the client param `max_tokens` (or OpenAI's `max_completion_tokens`), else the instance's
 * `maxTokens`. OpenAI's `stop` becomes `stop_sequences`, `user` becomes `metadata.user_id` and
 * `parallel_tool_calls: false` becomes `disable_parallel_tool_use`; OpenAI-only params (and the
 * sampling params, on API versions that refuse them) are left out; every other param is passed
 * through as it is.
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
  const { passed, dropped } = splitParams(request.params, options.acceptsSamplingParams);
  const body: AnthropicRequestBody = {
    ...passed,
    ...translatedParams(request.params),
    model: request.model,
    max_tokens: resolveMaxTokens(request, options.defaultMaxTokens),
    messages: conversation.messages,
  };
  if (conversation.system.length > 0) body.system = conversation.system;
  if (prepared.tools !== undefined) body.tools = prepared.tools;
  if (prepared.tool_choice !== undefined) body.tool_choice = prepared.tool_choice;
  return { body, droppedParams: dropped };
}

function splitParams(
  params: Record<string, unknown>,
  acceptsSamplingParams: boolean,
): {
  passed: Record<string, unknown>;
  dropped: string[];
} {
  const passed: Record<string, unknown> = {};
  const dropped: string[] = [];
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined || BUILT_FIELDS.has(name) || TRANSLATED_PARAMS.has(name)) continue;
    if (OPENAI_ONLY_PARAMS.has(name) || (!acceptsSamplingParams && SAMPLING_PARAMS.has(name)))
      dropped.push(name);
    else passed[name] = value;
  }
  return { passed, dropped };
}

function translatedParams(params: Record<string, unknown>): Record<string, unknown> {
  const translated: Record<string, unknown> = {};
  if (params.stop_sequences === undefined && params.stop !== undefined && params.stop !== null) {
    translated.stop_sequences = Array.isArray(params.stop) ? params.stop : [params.stop];
  }
  if (typeof params.user === "string" && params.metadata === undefined) {
    translated.metadata = { user_id: params.user };
  }
  return translated;
}

function resolveMaxTokens(request: LLMRequest, defaultMaxTokens: number): number {
  const value = request.params.max_tokens ?? request.params.max_completion_tokens ?? defaultMaxTokens;
  if (typeof value === "number" && Number.isInteger(value) && value > 0) return value;
  throw new InvalidRequestError(`max_tokens must be a positive integer, got ${JSON.stringify(value)}`, {
    provider: request.provider,
    model: request.model,
    fix: "set params.max_tokens (or the provider's maxTokens) to a positive integer",
  });
}
