import { applyProviderParams } from "../../src/index.js";

/**
 * The OpenAI plugin's table of shared params. Shared params use OpenAI's own names, so each is
 * sent as it is, except where the model family refuses it
 * (https://platform.openai.com/docs/api-reference/chat/create and the reasoning guide,
 * https://platform.openai.com/docs/guides/reasoning). Anything outside Chat Completions' request
 * fields (`ChatCompletionCreateParams`, openai 6.49) is left out: OpenAI answers 400 "Unrecognized
 * request argument" to it. An OpenAI-compatible server's own extras (vLLM's `top_k`) go in
 * `providerParams.openai`, sent as they are.
 */

/** Fields this plugin builds itself from the request; never taken from params. */
const OPENAI_BUILT_FIELDS = new Set([
  "model",
  "messages",
  "tools",
  "tool_choice",
  "stream",
  "stream_options",
]);

/** Chat Completions request fields a client's params may set. */
const SENT_AS_IS = new Set([
  "audio",
  "frequency_penalty",
  "function_call",
  "functions",
  "logit_bias",
  "logprobs",
  "max_completion_tokens",
  "max_tokens",
  "metadata",
  "modalities",
  "moderation",
  "n",
  "parallel_tool_calls",
  "prediction",
  "presence_penalty",
  "prompt_cache_key",
  "prompt_cache_options",
  "prompt_cache_retention",
  "reasoning_effort",
  "response_format",
  "safety_identifier",
  "seed",
  "service_tier",
  "stop",
  "store",
  "temperature",
  "top_logprobs",
  "top_p",
  "user",
  "verbosity",
  "web_search_options",
]);

/** Params reasoning models (o-series, gpt-5) refuse, per the reasoning guide. */
const REASONING_REFUSES = new Set([
  "temperature",
  "top_p",
  "presence_penalty",
  "frequency_penalty",
  "logprobs",
  "top_logprobs",
  "logit_bias",
]);

/** o1, o3, o4-mini, gpt-5, gpt-5-mini... but not the non-reasoning `gpt-5-chat` models. */
export function isOpenAIReasoningModel(model: string): boolean {
  return /^(o\d|gpt-5)/.test(model) && !model.includes("-chat");
}

/** `verbosity` is a gpt-5 family param. */
function takesVerbosity(model: string): boolean {
  return /^gpt-5/.test(model) && !model.includes("-chat");
}

/** o3 and o4-mini refuse `stop`. */
function refusesStop(model: string): boolean {
  return /^(o3|o4-mini)(-|$)/.test(model);
}

/** Whether this model leaves a shared param out (true) or sends it. */
function leftOut(name: string, model: string): boolean {
  if (!SENT_AS_IS.has(name)) return true;
  const reasoning = isOpenAIReasoningModel(model);
  if (reasoning && REASONING_REFUSES.has(name)) return true;
  if (name === "reasoning_effort") return !reasoning;
  if (name === "verbosity") return !takesVerbosity(model);
  if (name === "stop") return refusesStop(model);
  return false;
}

export interface PlannedOpenAIParams {
  /** Body fields from the params (shared ones, then `providerParams.openai` over them). */
  fields: Record<string, unknown>;
  /** Shared params left out for this model. */
  dropped: string[];
}

/**
 * The body fields a request's params become for `model`: the shared params the model takes, with
 * `max_tokens` renamed `max_completion_tokens` for reasoning models (which refuse `max_tokens`);
 * then `providerParams.openai`, as it is (less the fields the plugin builds).
 */
export function planOpenAIParams(
  params: Readonly<Record<string, unknown>>,
  model: string,
  providerParams: Readonly<Record<string, unknown>> = {},
): PlannedOpenAIParams {
  const fields: Record<string, unknown> = {};
  const dropped: string[] = [];
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined || OPENAI_BUILT_FIELDS.has(name)) continue;
    if (leftOut(name, model)) dropped.push(name);
    else fields[name] = value;
  }
  if (isOpenAIReasoningModel(model) && fields.max_tokens !== undefined) {
    fields.max_completion_tokens ??= fields.max_tokens;
    delete fields.max_tokens;
  }
  dropped.push(...applyProviderParams(fields, providerParams, OPENAI_BUILT_FIELDS, "openai"));
  return { fields, dropped };
}
