import type { LLMRequest } from "../../src/index.js";
import { convertToOpenAIMessages } from "./convert-to-openai-messages.js";

/** Fields this plugin builds itself; a client param of the same name is ignored. */
const BUILT_FIELDS = new Set(["model", "messages", "tools", "tool_choice", "stream", "stream_options"]);

/**
 * Other providers' params a shared client config may carry for its Anthropic or Gemini targets.
 * OpenAI answers 400 ("Unrecognized request argument") to them, so they are left out.
 */
const FOREIGN_PARAMS = new Set([
  "thinking",
  "stop_sequences",
  "top_k",
  "system",
  "max_output_tokens",
  "maxOutputTokens",
  "thinkingConfig",
  "safetySettings",
]);

/**
 * Params OpenAI's reasoning models (o-series, gpt-5) reject, per its reasoning guide; `max_tokens`
 * is renamed to `max_completion_tokens` rather than dropped.
 */
const REASONING_UNSUPPORTED = new Set([
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

export interface ConvertedOpenAIRequest {
  body: Record<string, unknown> & { model: string; messages: unknown[] };
  /** Client params left out, for a debug log line. */
  droppedParams: string[];
}

function convertParams(params: Record<string, unknown>, reasoning: boolean) {
  const passed: Record<string, unknown> = {};
  const dropped: string[] = [];
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined || BUILT_FIELDS.has(name)) continue;
    if (FOREIGN_PARAMS.has(name) || (reasoning && REASONING_UNSUPPORTED.has(name))) dropped.push(name);
    else passed[name] = value;
  }
  // Reasoning models answer 400 `unsupported_parameter` to `max_tokens`; they take `max_completion_tokens`.
  if (reasoning && passed.max_tokens !== undefined) {
    passed.max_completion_tokens ??= passed.max_tokens;
    delete passed.max_tokens;
  }
  return { passed, dropped };
}

/**
 * The body of `POST /chat/completions` for one request: the messages (see
 * `convertToOpenAIMessages`), the tools and tool choice as given, and the client params
 * (`temperature`, `max_tokens` or `max_completion_tokens`, `reasoning_effort`, `response_format`,
 * `parallel_tool_calls`, `seed`, ...) passed through, less those listed above.
 */
export function convertToOpenAIRequest(request: LLMRequest): ConvertedOpenAIRequest {
  const { passed, dropped } = convertParams(request.params, isOpenAIReasoningModel(request.model));
  const body: ConvertedOpenAIRequest["body"] = {
    ...passed,
    model: request.model,
    messages: convertToOpenAIMessages(request.messages),
  };
  if (request.tools && request.tools.length > 0) {
    body.tools = request.tools;
    if (request.toolChoice !== undefined) body.tool_choice = request.toolChoice;
  } else {
    // `parallel_tool_calls` without tools is a 400 on OpenAI.
    delete body.parallel_tool_calls;
  }
  return { body, droppedParams: dropped };
}
