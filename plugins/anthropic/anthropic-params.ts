/**
 * The Anthropic plugin's table of shared params (OpenAI's names): which the Messages API takes
 * (`MessageCreateParams` of @anthropic-ai/sdk 1.14, API version 2026-10-21;
 * https://platform.claude.com/docs/en/api/messages), what each becomes, and which are left out.
 * Anthropic answers 400 to any top-level field it does not define, so anything not listed here is
 * left out: `seed`, `n`, `logprobs`, `store`, `verbosity`, `prompt_cache_key`, `service_tier`,
 * OpenAI-style `metadata`, ...
 */

/** Anthropic's own request fields, declared at registration (a ConfigError in shared params). */
export const ANTHROPIC_NATIVE_PARAMS: Readonly<Record<string, string | null>> = {
  top_k: null,
  stop_sequences: "stop",
  thinking: "reasoning_effort",
  output_config: "response_format",
  inference_geo: null,
  container: null,
  cache_control: null,
  speed: null,
  diagnostics: null,
  user_profile_id: null,
  workspace_id: null,
};

/** Fields the plugin builds from the request; `providerParams.anthropic` cannot set them either. */
const BUILT_FIELDS = new Set(["model", "messages", "system", "tools", "tool_choice", "stream"]);

/**
 * Shared params translated below, or used elsewhere in the plugin (`max_tokens` and
 * `max_completion_tokens` become `max_tokens`; `parallel_tool_calls: false` becomes
 * `tool_choice.disable_parallel_tool_use`).
 */
const TRANSLATED = new Set([
  "max_tokens",
  "max_completion_tokens",
  "parallel_tool_calls",
  "stop",
  "user",
  "safety_identifier",
  "response_format",
  "reasoning_effort",
]);

/**
 * Sampling params: API version 2026-10-21 answers 400 "temperature: Extra inputs are not
 * permitted" to each, even at its default value; an instance pinned to an older
 * `anthropic-version` still sends them.
 */
const SAMPLING = new Set(["temperature", "top_p"]);

/** OpenAI's reasoning efforts and Anthropic's `output_config.effort` for each (`none`: thinking off). */
const EFFORTS: Readonly<Record<string, string>> = {
  minimal: "low",
  low: "low",
  medium: "medium",
  high: "high",
  xhigh: "xhigh",
  max: "max",
};

export interface AnthropicParamOptions {
  /** Whether the API version in use still accepts temperature and top_p. */
  acceptsSamplingParams: boolean;
}

export interface PlannedAnthropicParams {
  /** Top-level body fields (besides `max_tokens`, which the request builder resolves). */
  fields: Record<string, unknown>;
  /** Shared params left out. */
  dropped: string[];
  /** Why the request cannot be sent as asked (a `response_format` Anthropic cannot honour), if so. */
  refusal?: { message: string; fix: string };
}

/**
 * The body fields a request's params become: the shared params by the table above, then
 * `providerParams.anthropic`, as it is, over them (less the fields the plugin builds).
 */
export function planAnthropicParams(
  params: Readonly<Record<string, unknown>>,
  options: AnthropicParamOptions,
  providerParams: Readonly<Record<string, unknown>> = {},
): PlannedAnthropicParams {
  const fields: Record<string, unknown> = {};
  const dropped: string[] = [];
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined || BUILT_FIELDS.has(name) || TRANSLATED.has(name)) continue;
    if (SAMPLING.has(name) && options.acceptsSamplingParams) fields[name] = value;
    else dropped.push(name);
  }
  if (params.stop != null) fields.stop_sequences = Array.isArray(params.stop) ? params.stop : [params.stop];
  const userId = typeof params.user === "string" ? params.user : params.safety_identifier;
  if (typeof userId === "string") fields.metadata = { user_id: userId };
  // One user id only: `user` wins, as OpenAI's own deprecation of `user` for `safety_identifier` keeps both.
  if (typeof params.user === "string" && params.safety_identifier !== undefined)
    dropped.push("safety_identifier");
  const output: Record<string, unknown> = {};
  const format = mapResponseFormat(params.response_format);
  if (format && "message" in format) return { fields, dropped, refusal: format };
  if (format) output.format = format.format;
  if (typeof params.reasoning_effort === "string") {
    const effort = EFFORTS[params.reasoning_effort];
    if (params.reasoning_effort === "none") fields.thinking = { type: "disabled" };
    else if (effort) {
      fields.thinking = { type: "adaptive" };
      output.effort = effort;
    } else dropped.push("reasoning_effort");
  }
  if (Object.keys(output).length > 0) fields.output_config = output;
  for (const [name, value] of Object.entries(providerParams)) {
    if (BUILT_FIELDS.has(name)) dropped.push(`providerParams.anthropic.${name}`);
    else if (value !== undefined) fields[name] = value;
  }
  return { fields, dropped };
}

/**
 * OpenAI `response_format` to `output_config.format`
 * (https://platform.claude.com/docs/en/build-with-claude/structured-outputs). `json_object` has no
 * equivalent: Anthropic's structured output needs a schema whose objects all set
 * `additionalProperties: false`, so "any JSON object" cannot be said; the target is refused.
 */
function mapResponseFormat(
  value: unknown,
): { format: unknown } | { message: string; fix: string } | undefined {
  if (value == null) return undefined;
  const format = (typeof value === "object" ? value : {}) as Record<string, unknown>;
  if (format.type === "text") return undefined;
  const schema = (format.json_schema as { schema?: unknown } | undefined)?.schema;
  if (format.type === "json_schema" && typeof schema === "object" && schema !== null) {
    return { format: { type: "json_schema", schema } };
  }
  if (format.type === "json_object") {
    return {
      message:
        "response_format json_object has no Anthropic equivalent: its structured output needs a JSON schema",
      fix: "use response_format json_schema with a schema (objects with additionalProperties: false), which every built-in provider honours",
    };
  }
  return {
    message: `response_format ${JSON.stringify(format.type)} is not one Anthropic can honour (text, json_schema with a schema)`,
    fix: "use response_format json_schema with a schema, which every built-in provider honours",
  };
}
