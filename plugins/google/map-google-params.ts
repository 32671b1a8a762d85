import { isGemini3OrLater } from "./google-thought-signatures.js";

/**
 * Gemini `GenerateContentConfig` fields a client's params may set directly (camelCase, as the
 * Gemini API names them). Request-shaping fields (`systemInstruction`, `tools`, `toolConfig`,
 * `abortSignal`, `httpOptions`) are not among them: the plugin owns those.
 */
const NATIVE_FIELDS = new Set([
  "temperature",
  "topP",
  "topK",
  "candidateCount",
  "maxOutputTokens",
  "stopSequences",
  "presencePenalty",
  "frequencyPenalty",
  "seed",
  "responseMimeType",
  "responseSchema",
  "responseJsonSchema",
  "responseLogprobs",
  "logprobs",
  "safetySettings",
  "thinkingConfig",
  "cachedContent",
  "mediaResolution",
]);

/** OpenAI-style param names (as the application's config uses them) and their Gemini fields. */
const RENAMED_FIELDS: Record<string, string> = {
  top_p: "topP",
  top_k: "topK",
  max_tokens: "maxOutputTokens",
  max_completion_tokens: "maxOutputTokens",
  max_output_tokens: "maxOutputTokens",
  presence_penalty: "presencePenalty",
  frequency_penalty: "frequencyPenalty",
};

export interface MappedGoogleParams {
  config: Record<string, unknown>;
  /** Params Gemini has no equivalent for (e.g. `parallel_tool_calls`), left out. */
  ignored: string[];
}

/** A client's params (OpenAI names or Gemini names) to `GenerateContentConfig` fields. */
export function mapGoogleParams(params: Record<string, unknown>, model: string): MappedGoogleParams {
  const config: Record<string, unknown> = {};
  const ignored: string[] = [];
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined || value === null) continue;
    if (NATIVE_FIELDS.has(name)) config[name] = value;
    else if (RENAMED_FIELDS[name] !== undefined) config[RENAMED_FIELDS[name]] = value;
    else if (name === "stop") config.stopSequences = Array.isArray(value) ? value : [value];
    else if (name === "response_format") Object.assign(config, mapResponseFormat(value));
    else if (name === "reasoning_effort" && typeof value === "string")
      config.thinkingConfig = mapEffort(value, model);
    else ignored.push(name);
  }
  return { config, ignored };
}

/** OpenAI `response_format` to Gemini's JSON mode: `json_object`, or `json_schema` with its schema. */
function mapResponseFormat(value: unknown): Record<string, unknown> {
  const format = (typeof value === "object" && value !== null ? value : {}) as Record<string, unknown>;
  if (format.type === "json_object") return { responseMimeType: "application/json" };
  if (format.type !== "json_schema") return {};
  const schema = (format.json_schema as { schema?: unknown } | undefined)?.schema;
  return { responseMimeType: "application/json", ...(schema ? { responseJsonSchema: schema } : {}) };
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

function mapEffort(effort: string, model: string): Record<string, unknown> {
  if (isGemini3OrLater(model)) {
    return { thinkingLevel: (effort === "none" ? "minimal" : effort).toUpperCase() };
  }
  return { thinkingBudget: EFFORT_BUDGETS[effort] ?? -1 };
}
