/**
 * OpenAI's documented request rules for Chat Completions, applied by the fake server so a plugin
 * that breaks one gets the 400 OpenAI would send (same shape, same `param`), not a silent pass.
 */
import type { FakeReply, RecordedRequest } from "../fake-server-types.js";

type Json = Record<string, unknown>;

function openAIError(
  status: number,
  message: string,
  param: string | null,
  code: string | null = null,
): FakeReply {
  return {
    kind: "json",
    status,
    headers: { "x-request-id": "req_fake_rejected" },
    body: { error: { message, type: "invalid_request_error", param, code } },
  };
}

const ALLOWED_MESSAGE_KEYS: Record<string, readonly string[]> = {
  system: ["role", "content", "name"],
  developer: ["role", "content", "name"],
  user: ["role", "content", "name"],
  assistant: ["role", "content", "name", "tool_calls", "refusal", "audio", "function_call"],
  tool: ["role", "content", "tool_call_id"],
};

/** OpenAI: tool call ids are at most 40 characters. */
const MAX_TOOL_CALL_ID_LENGTH = 40;

/** o-series and gpt-5 reasoning models take `max_completion_tokens` only, and the default temperature. */
const REASONING_MODEL = /^(o\d|gpt-5)/;

/** Models that refuse `stop` (OpenAI's reasoning guide: not supported by o3 and o4-mini). */
const NO_STOP_MODEL = /^(o3|o4-mini)(-|$)/;

/**
 * Top-level fields of `ChatCompletionCreateParams` (openai 6.49, OpenAI's OpenAPI spec); OpenAI
 * answers 400 "Unrecognized request argument supplied" to anything else.
 */
const REQUEST_FIELDS = new Set([
  "messages",
  "model",
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
  "stream",
  "stream_options",
  "temperature",
  "tool_choice",
  "tools",
  "top_logprobs",
  "top_p",
  "user",
  "verbosity",
  "web_search_options",
]);

function isReasoningModel(model: string): boolean {
  return REASONING_MODEL.test(model) && !model.includes("-chat");
}

function unsupported(param: string): FakeReply {
  return openAIError(
    400,
    `Unsupported parameter: '${param}' is not supported with this model.`,
    param,
    "unsupported_parameter",
  );
}

function checkFields(body: Json): FakeReply | undefined {
  const unknown = Object.keys(body).find((field) => !REQUEST_FIELDS.has(field));
  if (unknown === undefined) return undefined;
  return openAIError(400, `Unrecognized request argument supplied: ${unknown}`, null);
}

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function tooLong(where: string, length: number): FakeReply {
  return openAIError(
    400,
    `Invalid '${where}': string too long. Expected a string with maximum length ${MAX_TOOL_CALL_ID_LENGTH}, but got a string with length ${length} instead.`,
    where,
    "string_above_max_length",
  );
}

function checkModelParameters(body: Json): FakeReply | undefined {
  const model = String(body.model);
  // verbosity is a gpt-5 family param.
  if (body.verbosity !== undefined && !(/^gpt-5/.test(model) && !model.includes("-chat"))) {
    return unsupported("verbosity");
  }
  if (!isReasoningModel(model)) {
    return body.reasoning_effort !== undefined ? unsupported("reasoning_effort") : undefined;
  }
  if (body.stop !== undefined && NO_STOP_MODEL.test(model)) return unsupported("stop");
  if (body.max_tokens !== undefined) {
    return openAIError(
      400,
      "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.",
      "max_tokens",
      "unsupported_parameter",
    );
  }
  if (body.temperature !== undefined && body.temperature !== 1) {
    return openAIError(
      400,
      `Unsupported value: 'temperature' does not support ${String(body.temperature)} with this model. Only the default (1) value is supported.`,
      "temperature",
      "unsupported_value",
    );
  }
  return undefined;
}

function checkAssistantToolCalls(message: Json, index: number): FakeReply | undefined {
  const calls = Array.isArray(message.tool_calls) ? (message.tool_calls as unknown[]) : [];
  for (const [callIndex, call] of calls.entries()) {
    const where = `messages[${index}].tool_calls[${callIndex}]`;
    if (!isObject(call) || typeof call.id !== "string" || !isObject(call.function)) {
      return openAIError(
        400,
        `Invalid '${where}': expected an object with 'id', 'type' and 'function'.`,
        where,
      );
    }
    if (call.id.length > MAX_TOOL_CALL_ID_LENGTH) return tooLong(`${where}.id`, call.id.length);
    const args = call.function.arguments;
    if (typeof args !== "string" || !isJson(args)) {
      return openAIError(
        400,
        `Invalid '${where}.function.arguments': expected a valid JSON string.`,
        `${where}.function.arguments`,
      );
    }
  }
  return undefined;
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function unanswered(ids: Set<string>, assistantIndex: number): FakeReply {
  return openAIError(
    400,
    `An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: ${[...ids].join(", ")}`,
    `messages.[${assistantIndex}].role`,
  );
}

function checkToolMessage(
  message: Json,
  index: number,
  open: Set<string> | undefined,
): FakeReply | undefined {
  if (open === undefined) {
    return openAIError(
      400,
      "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.",
      `messages.[${index}].role`,
    );
  }
  const id = message.tool_call_id;
  if (typeof id === "string" && id.length > MAX_TOOL_CALL_ID_LENGTH)
    return tooLong(`messages[${index}].tool_call_id`, id.length);
  if (typeof id !== "string" || !open.has(id)) {
    return openAIError(
      400,
      `Invalid parameter: 'tool_call_id' of '${String(id)}' not found in 'tool_calls' of previous message.`,
      `messages.[${index}].tool_call_id`,
    );
  }
  open.delete(id);
  return undefined;
}

/** Each assistant turn's tool calls must all be answered by the tool messages right after it. */
function checkMessages(messages: unknown[]): FakeReply | undefined {
  let open: Set<string> | undefined;
  let openAt = -1;
  for (const [index, message] of messages.entries()) {
    if (!isObject(message) || typeof message.role !== "string" || !(message.role in ALLOWED_MESSAGE_KEYS)) {
      return openAIError(
        400,
        `Invalid value for 'messages[${index}].role'.`,
        `messages[${index}].role`,
        "invalid_value",
      );
    }
    const extra = Object.keys(message).find(
      (key) => !ALLOWED_MESSAGE_KEYS[message.role as string].includes(key),
    );
    if (extra !== undefined) {
      return openAIError(
        400,
        `Additional properties are not allowed ('${extra}' was unexpected) - 'messages.${index}'`,
        `messages[${index}]`,
      );
    }
    if (message.role === "tool") {
      const problem = checkToolMessage(message, index, open);
      if (problem) return problem;
      continue;
    }
    if (open && open.size > 0) return unanswered(open, openAt);
    open = undefined;
    if (message.role === "assistant" && Array.isArray(message.tool_calls) && message.tool_calls.length > 0) {
      const problem = checkAssistantToolCalls(message, index);
      if (problem) return problem;
      open = new Set((message.tool_calls as Array<{ id: string }>).map((call) => call.id));
      openAt = index;
    }
  }
  return open && open.size > 0 ? unanswered(open, openAt) : undefined;
}

/** Returns OpenAI's error reply for a request that breaks its rules, or undefined to let it pass. */
export function validateOpenAIRequest(request: RecordedRequest): FakeReply | undefined {
  if (request.method !== "POST" || request.path !== "/v1/chat/completions") {
    return openAIError(404, `Invalid URL (${request.method} ${request.path})`, null);
  }
  if (!/^Bearer \S+$/.test(request.headers.authorization ?? "")) {
    return openAIError(
      401,
      "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
      null,
    );
  }
  return validateOpenAIChatBody(request.body);
}

/**
 * OpenAI's rules for a Chat Completions body alone, for servers that take the same body on another
 * path or with other auth (Azure OpenAI).
 */
export function validateOpenAIChatBody(body: unknown): FakeReply | undefined {
  if (!isObject(body)) return openAIError(400, "We could not parse the JSON body of your request.", null);
  if (typeof body.model !== "string") return openAIError(400, "you must provide a model parameter", null);
  if (!Array.isArray(body.messages) || body.messages.length === 0) {
    return openAIError(
      400,
      "Invalid 'messages': empty array. Expected an array with minimum length 1.",
      "messages",
      "empty_array",
    );
  }
  return checkFields(body) ?? checkModelParameters(body) ?? checkMessages(body.messages);
}
