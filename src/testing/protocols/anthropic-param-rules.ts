/**
 * Anthropic's rules for the top-level fields of a Messages request (API version 2026-10-21, the
 * types of @anthropic-ai/sdk 1.14's `MessageCreateParams`), and its extended-thinking rules
 * (https://platform.claude.com/docs/en/build-with-claude/extended-thinking): each problem in
 * Anthropic's words.
 */

type Json = Record<string, unknown>;

/** Top-level fields of `MessageCreateParams`; anything else is refused ("Extra inputs are not permitted"). */
export const ANTHROPIC_REQUEST_FIELDS = new Set([
  "model",
  "max_tokens",
  "messages",
  "system",
  "tools",
  "tool_choice",
  "stream",
  "stop_sequences",
  "metadata",
  "thinking",
  "service_tier",
  "container",
  "cache_control",
  "diagnostics",
  "inference_geo",
  "output_config",
  "speed",
  "user_profile_id",
  "workspace_id",
]);

const EFFORTS = new Set(["low", "medium", "high", "xhigh", "max"]);

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function blocksOf(message: Json): Json[] {
  if (typeof message.content === "string") return [{ type: "text", text: message.content }];
  return Array.isArray(message.content) ? message.content.filter(isObject) : [];
}

/** `metadata` is `{ user_id }` only; `service_tier` is `auto` or `standard_only`; `output_config` per `OutputConfig`. */
export function checkAnthropicFieldShapes(body: Json): string | undefined {
  if (body.metadata !== undefined) {
    if (!isObject(body.metadata)) return "metadata: Input should be a valid dictionary";
    const extra = Object.keys(body.metadata).find((key) => key !== "user_id");
    if (extra !== undefined) return `metadata.${extra}: Extra inputs are not permitted`;
  }
  if (
    body.service_tier !== undefined &&
    body.service_tier !== "auto" &&
    body.service_tier !== "standard_only"
  ) {
    return "service_tier: Input should be 'auto' or 'standard_only'";
  }
  const output = body.output_config;
  if (output === undefined) return undefined;
  if (!isObject(output)) return "output_config: Input should be a valid dictionary";
  const extra = Object.keys(output).find((key) => key !== "effort" && key !== "format");
  if (extra !== undefined) return `output_config.${extra}: Extra inputs are not permitted`;
  if (output.effort != null && !EFFORTS.has(String(output.effort))) {
    return "output_config.effort: Input should be 'low', 'medium', 'high', 'xhigh' or 'max'";
  }
  const format = output.format;
  if (format != null && (!isObject(format) || format.type !== "json_schema" || !isObject(format.schema))) {
    return "output_config.format: Input should be an object with type 'json_schema' and a schema object";
  }
  return isObject(format) ? findOpenObject(format.schema, "output_config.format.schema") : undefined;
}

/**
 * Structured outputs need `additionalProperties: false` on every object of the schema
 * (https://platform.claude.com/docs/en/build-with-claude/structured-outputs, JSON Schema limitations).
 */
function findOpenObject(schema: unknown, path: string): string | undefined {
  if (Array.isArray(schema)) {
    for (const [index, item] of schema.entries()) {
      const found = findOpenObject(item, `${path}.${index}`);
      if (found) return found;
    }
    return undefined;
  }
  if (!isObject(schema)) return undefined;
  if (schema.type === "object" && schema.additionalProperties !== false) {
    return `${path}: For 'object' type, 'additionalProperties' must be explicitly set to false`;
  }
  for (const key of ["properties", "items", "anyOf", "allOf", "$defs", "definitions"]) {
    const child = schema[key];
    const children = key === "properties" || key === "$defs" || key === "definitions";
    const entries = children && isObject(child) ? Object.entries(child) : [[key, child] as const];
    for (const [name, value] of entries) {
      const found = findOpenObject(value, children ? `${path}.${key}.${name}` : `${path}.${key}`);
      if (found) return found;
    }
  }
  return undefined;
}

/** Whether the request turns thinking on (`enabled` with a budget, or `adaptive`). */
function thinkingOn(body: Json): boolean {
  return isObject(body.thinking) && (body.thinking.type === "enabled" || body.thinking.type === "adaptive");
}

/**
 * With thinking on: `tool_choice` may only be `auto` or `none`, the last message may not be an
 * assistant prefill, and when the conversation ends in a
 * tool loop (the last user turn carries tool results), the assistant turn that made those calls
 * must start with a thinking (or redacted_thinking) block.
 */
export function checkAnthropicThinking(body: Json): string | undefined {
  const budget = checkThinkingBudget(body);
  if (budget) return budget;
  if (!thinkingOn(body)) return undefined;
  const choice = body.tool_choice;
  if (isObject(choice) && choice.type !== "auto" && choice.type !== "none") {
    return "Thinking may not be enabled when tool_choice forces tool use.";
  }
  const messages = Array.isArray(body.messages) ? body.messages.filter(isObject) : [];
  const last = messages.length - 1;
  if (messages[last]?.role === "assistant") {
    return "Prefilling the assistant message is not supported when thinking is enabled.";
  }
  if (last < 1 || messages[last].role !== "user") return undefined;
  if (!blocksOf(messages[last]).some((block) => block.type === "tool_result")) return undefined;
  const assistant = messages[last - 1];
  const first = blocksOf(assistant)[0];
  if (first?.type === "thinking" || first?.type === "redacted_thinking") return undefined;
  return `messages.${last - 1}.content.0.type: Expected \`thinking\` or \`redacted_thinking\`, but found \`${String(first?.type)}\`. When \`thinking\` is enabled, a final \`assistant\` message must start with a thinking block (preceeding the lastmost set of \`tool_use\` and \`tool_result\` blocks). We recommend you include thinking blocks from previous turns. To avoid this requirement, disable \`thinking\`.`;
}

/** A final assistant message (a prefill) must not end in whitespace. */
export function checkAnthropicPrefill(messages: unknown[]): string | undefined {
  const last = messages[messages.length - 1];
  if (!isObject(last) || last.role !== "assistant") return undefined;
  const blocks = blocksOf(last);
  const tail = blocks[blocks.length - 1];
  if (tail?.type === "text" && typeof tail.text === "string" && /\s$/.test(tail.text)) {
    return "final assistant content cannot end with trailing whitespace";
  }
  return undefined;
}

/** Manual thinking (`enabled`) needs `budget_tokens` of at least 1024 and below `max_tokens`. */
function checkThinkingBudget(body: Json): string | undefined {
  if (!isObject(body.thinking) || body.thinking.type !== "enabled") return undefined;
  const budget = body.thinking.budget_tokens;
  if (!Number.isInteger(budget) || (budget as number) < 1024) {
    return "thinking.enabled.budget_tokens: Input should be greater than or equal to 1024";
  }
  if ((budget as number) >= Number(body.max_tokens)) {
    return "`max_tokens` must be greater than `thinking.budget_tokens`.";
  }
  return undefined;
}
