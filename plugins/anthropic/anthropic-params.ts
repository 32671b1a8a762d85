import { applyProviderParams } from "../../src/index.js";
/**
 * The Anthropic plugin's table of shared params (OpenAI's names): which the Messages API takes
 * (`MessageCreateParams` of @anthropic-ai/sdk 1.14, API version 2026-10-21;
 * https://platform.claude.com/docs/en/api/messages), what each becomes, and which are left out.
 * Anthropic answers 400 to any top-level field it does not define, so anything not listed here is
 * left out: `seed`, `n`, `logprobs`, `store`, `verbosity`, `prompt_cache_key`, `service_tier`,
 * OpenAI-style `metadata`, ...
 */

import { mapAnthropicEffort } from "./map-anthropic-effort.js";

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

export interface AnthropicParamOptions {
  /** Whether the API version in use still accepts temperature and top_p. */
  acceptsSamplingParams: boolean;
}

/** The request's model and the `max_tokens` it will be sent with (a thinking budget must fit below it). */
export interface AnthropicParamTarget {
  model: string;
  maxTokens: number;
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
 * `providerParams.anthropic`, as it is, over them field by field (its `output_config` replaces the
 * translated one whole), less the fields the plugin builds.
 */
export function planAnthropicParams(
  params: Readonly<Record<string, unknown>>,
  options: AnthropicParamOptions,
  target: AnthropicParamTarget,
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
  // Anthropic takes one user id: `user` wins, and a `safety_identifier` beside it is left out.
  if (typeof params.user === "string" && params.safety_identifier !== undefined)
    dropped.push("safety_identifier");
  const output: Record<string, unknown> = {};
  const format = mapResponseFormat(params.response_format);
  if (format && "message" in format) return { fields, dropped, refusal: format };
  if (format) output.format = format.format;
  if (typeof params.reasoning_effort === "string") {
    const mapped = mapAnthropicEffort(params.reasoning_effort, target.model, target.maxTokens);
    if (mapped === undefined) dropped.push("reasoning_effort");
    else {
      fields.thinking = mapped.thinking;
      if (mapped.effort) output.effort = mapped.effort;
    }
  }
  if (Object.keys(output).length > 0) fields.output_config = output;
  dropped.push(...applyProviderParams(fields, providerParams, BUILT_FIELDS, "anthropic"));
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
    const closed = closeObjects(schema, "schema");
    if (typeof closed === "string") {
      return {
        message: `response_format json_schema: ${closed} allows additional properties, which Anthropic's structured output refuses`,
        fix: "set additionalProperties to false on every object of the schema (OpenAI's strict mode needs it too)",
      };
    }
    return { format: { type: "json_schema", schema: closed } };
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

/** Keywords whose value is one subschema, or a list or map of subschemas. */
const SUBSCHEMA_KEYS = ["items", "anyOf", "allOf", "oneOf", "properties", "$defs", "definitions"];

/**
 * The schema with `additionalProperties: false` on every object that leaves it unsaid: Anthropic's
 * structured output requires it on every object, and a schema silent on it (valid for Gemini and
 * OpenAI without strict mode) means the same declared properties. An object that allows additional
 * properties cannot be said to Anthropic: its path is returned instead.
 */
function closeObjects(node: unknown, path: string): unknown {
  if (Array.isArray(node)) {
    const items: unknown[] = [];
    for (const [index, item] of node.entries()) {
      const closed = closeObjects(item, `${path}/${index}`);
      if (typeof closed === "string") return closed;
      items.push(closed);
    }
    return items;
  }
  if (typeof node !== "object" || node === null) return node;
  const schema: Record<string, unknown> = { ...(node as Record<string, unknown>) };
  if (schema.type === "object") {
    if (schema.additionalProperties === undefined) schema.additionalProperties = false;
    else if (schema.additionalProperties !== false) return path;
  }
  for (const key of SUBSCHEMA_KEYS) {
    const value = schema[key];
    if (typeof value !== "object" || value === null) continue;
    const isMap = key === "properties" || key === "$defs" || key === "definitions";
    if (!isMap) {
      const closed = closeObjects(value, `${path}/${key}`);
      if (typeof closed === "string") return closed;
      schema[key] = closed;
      continue;
    }
    const entries: Record<string, unknown> = {};
    for (const [name, child] of Object.entries(value)) {
      const closed = closeObjects(child, `${path}/${key}/${name}`);
      if (typeof closed === "string") return closed;
      entries[name] = closed;
    }
    schema[key] = entries;
  }
  return schema;
}
