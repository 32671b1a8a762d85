import { applyProviderParams } from "../../src/index.js";
import { isGemini3OrLater } from "./google-thought-signatures.js";

/**
 * The Google plugin's table of shared params (OpenAI's names) and the `GenerateContentConfig`
 * fields they become (@google/genai 2.32; generationConfig in
 * https://ai.google.dev/api/generate-content#generationconfig). A shared param not listed here is
 * left out: Gemini has no equivalent (`user`, `store`, `metadata`, `n`, `parallel_tool_calls`...).
 */
const RENAMED: Readonly<Record<string, string>> = {
  temperature: "temperature",
  top_p: "topP",
  max_tokens: "maxOutputTokens",
  max_completion_tokens: "maxOutputTokens",
  presence_penalty: "presencePenalty",
  frequency_penalty: "frequencyPenalty",
  seed: "seed",
};

/** Shared params translated by a rule of their own (see `mapGoogleParams`). */
const TRANSLATED = new Set(["stop", "response_format", "reasoning_effort", "logprobs", "top_logprobs"]);

/** `GenerateContentConfig` fields the plugin builds itself; `providerParams.google` cannot set them. */
const BUILT_FIELDS = new Set([
  "systemInstruction",
  "tools",
  "toolConfig",
  "abortSignal",
  "httpOptions",
  "automaticFunctionCalling",
]);

/**
 * Gemini's own config names, declared at registration so that one written in shared params is a
 * ConfigError pointing at `providerParams.google`, each with the shared param that becomes it.
 */
export const GOOGLE_NATIVE_PARAMS: Readonly<Record<string, string | null>> = {
  topP: "top_p",
  topK: null,
  candidateCount: null,
  maxOutputTokens: "max_tokens",
  stopSequences: "stop",
  responseLogprobs: "logprobs",
  presencePenalty: "presence_penalty",
  frequencyPenalty: "frequency_penalty",
  responseMimeType: "response_format",
  responseSchema: "response_format",
  responseJsonSchema: "response_format",
  thinkingConfig: "reasoning_effort",
  safetySettings: null,
  cachedContent: null,
  mediaResolution: null,
  responseModalities: null,
  speechConfig: null,
  audioTimestamp: null,
  routingConfig: null,
  modelSelectionConfig: null,
  labels: null,
  imageConfig: null,
  serviceTier: null,
};

export interface MappedGoogleParams {
  config: Record<string, unknown>;
  /** Shared params Gemini has no equivalent for, left out. */
  dropped: string[];
  /** Why the request cannot be sent as asked (a `response_format` Gemini cannot honour), if so. */
  refusal?: string;
}

/**
 * A request's params to `GenerateContentConfig` fields: the shared params by the table above, then
 * `providerParams.google` as it is, over them (less the fields the plugin builds).
 */
export function mapGoogleParams(
  params: Readonly<Record<string, unknown>>,
  model: string,
  providerParams: Readonly<Record<string, unknown>> = {},
): MappedGoogleParams {
  const config: Record<string, unknown> = {};
  const dropped: string[] = [];
  let refusal: string | undefined;
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined || value === null) continue;
    if (RENAMED[name] !== undefined) config[RENAMED[name]] = value;
    else if (!TRANSLATED.has(name)) dropped.push(name);
  }
  if (params.stop != null) config.stopSequences = Array.isArray(params.stop) ? params.stop : [params.stop];
  if (typeof params.reasoning_effort === "string") {
    if (isThinkingModel(model)) config.thinkingConfig = mapEffort(params.reasoning_effort, model);
    else dropped.push("reasoning_effort");
  }
  mapLogprobs(params, config, dropped);
  if (params.response_format != null) {
    const format = mapResponseFormat(params.response_format);
    if (typeof format === "string") refusal = format;
    else Object.assign(config, format);
  }
  dropped.push(...applyProviderParams(config, providerParams, BUILT_FIELDS, "google"));
  return refusal === undefined ? { config, dropped } : { config, dropped, refusal };
}

/**
 * OpenAI's `logprobs: true` asks for the chosen tokens' log probabilities (Gemini
 * `responseLogprobs: true`); `top_logprobs: n` beside it asks for n alternatives each (Gemini's
 * integer `logprobs`, valid only with `responseLogprobs`).
 */
function mapLogprobs(
  params: Readonly<Record<string, unknown>>,
  config: Record<string, unknown>,
  dropped: string[],
) {
  if (params.logprobs === true) {
    config.responseLogprobs = true;
    if (Number.isInteger(params.top_logprobs)) config.logprobs = params.top_logprobs;
  } else if (params.top_logprobs != null) {
    dropped.push("top_logprobs");
  }
  if (params.logprobs != null && typeof params.logprobs !== "boolean") dropped.push("logprobs");
}

/** OpenAI `response_format` to Gemini's JSON mode, or the refusal for a type Gemini has no equivalent for. */
function mapResponseFormat(value: unknown): Record<string, unknown> | string {
  const format = (typeof value === "object" && value !== null ? value : {}) as Record<string, unknown>;
  if (format.type === "text") return {};
  if (format.type === "json_object") return { responseMimeType: "application/json" };
  if (format.type === "json_schema") {
    const schema = (format.json_schema as { schema?: unknown } | undefined)?.schema;
    return { responseMimeType: "application/json", ...(schema ? { responseJsonSchema: schema } : {}) };
  }
  return `response_format type ${JSON.stringify(format.type)} is not one Gemini can honour (text, json_object, json_schema)`;
}

/**
 * Gemini 3 takes a thinking level; earlier thinking models take a token budget. The budgets are
 * this runtime's choice for each effort (0 turns thinking off where the model allows it).
 */
const EFFORT_BUDGETS: Record<string, number> = {
  none: 0,
  minimal: 512,
  low: 1024,
  medium: 8192,
  high: 24576,
};

/**
 * Thinking (and so `thinkingConfig`) came with Gemini 2.5; Gemini 2.0 and 1.5 refuse it
 * (https://ai.google.dev/gemini-api/docs/thinking). A name this table cannot place is not sent one.
 */
function isThinkingModel(model: string): boolean {
  const match = /^(?:models\/)?gemini-(\d+)(?:\.(\d+))?/.exec(model);
  if (!match) return false;
  const major = Number(match[1]);
  return major > 2 || (major === 2 && Number(match[2] ?? 0) >= 5);
}

function mapEffort(effort: string, model: string): Record<string, unknown> {
  if (isGemini3OrLater(model)) {
    return { thinkingLevel: (effort === "none" ? "minimal" : effort).toUpperCase() };
  }
  return { thinkingBudget: EFFORT_BUDGETS[effort] ?? -1 };
}
