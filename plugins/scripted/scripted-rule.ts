import type { ProviderErrorCode } from "../../src/index.js";

/** When a rule applies; every given condition must hold for the last message of the request. */
export interface ScriptedMatch {
  /** The last message's text contains this string. */
  contains?: string;
  /** The last message's text matches this regular expression (source, no flags). */
  matches?: string;
  /** The last message has this role. */
  role?: "system" | "user" | "assistant" | "tool";
  /** The last message is a tool result (true) or is not (false). */
  hasToolResult?: boolean;
  /** The request targets this model. */
  model?: string;
}

export interface ScriptedToolCall {
  /** Defaults to a generated `call_scripted_<n>`. */
  id?: string;
  name: string;
  /** An object (serialised for you) or a JSON string, passed on as is. */
  arguments?: Record<string, unknown> | string;
}

export interface ScriptedReply {
  text?: string;
  /** When streamed: the text as these deltas (default: the whole text as one delta). */
  chunks?: string[];
  toolCalls?: ScriptedToolCall[];
  finishReason?: "stop" | "length" | "tool_calls" | "content_filter" | "other";
}

export interface ScriptedError {
  /** The error class to throw, by its registry code (`rate_limit`, `provider_unavailable`, ...). */
  kind: ProviderErrorCode;
  message?: string;
  status?: number;
  retryAfterMs?: number;
}

/** One rule of the scripted provider: when `match` holds, answer with `reply` or throw `error`. */
export interface ScriptedRule {
  match?: ScriptedMatch;
  reply?: ScriptedReply;
  error?: ScriptedError;
  /** How many requests this rule answers before it is used up (default: unlimited). */
  times?: number;
  /** Wait before answering, in milliseconds (aborts with the request). */
  delayMs?: number;
  /** When streamed: wait between two chunks, in milliseconds. */
  chunkDelayMs?: number;
  /** When streamed with both `reply` and `error`: deliver this many chunks, then fail with `error`. */
  errorAfterChunks?: number;
}

const ERROR_KINDS: readonly ProviderErrorCode[] = [
  "rate_limit",
  "quota_exhausted",
  "authentication",
  "model_not_found",
  "context_length",
  "invalid_request",
  "content_filter",
  "provider_unavailable",
  "timeout",
  "connection",
  "provider_error",
];

const MATCH_SCHEMA = {
  type: "object",
  additionalProperties: false,
  properties: {
    contains: { type: "string" },
    matches: { type: "string" },
    role: { enum: ["system", "user", "assistant", "tool"] },
    hasToolResult: { type: "boolean" },
    model: { type: "string" },
  },
};

const REPLY_SCHEMA = {
  type: "object",
  additionalProperties: false,
  properties: {
    text: { type: "string" },
    chunks: { type: "array", items: { type: "string" } },
    toolCalls: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["name"],
        properties: {
          id: { type: "string", minLength: 1 },
          name: { type: "string", minLength: 1 },
          arguments: { type: ["object", "string"] },
        },
      },
    },
    finishReason: { enum: ["stop", "length", "tool_calls", "content_filter", "other"] },
  },
};

/** JSON Schema of a rule, as the config may give it under a scripted provider's `rules`. */
export const SCRIPTED_RULE_SCHEMA = {
  type: "object",
  additionalProperties: false,
  properties: {
    match: MATCH_SCHEMA,
    reply: REPLY_SCHEMA,
    error: {
      type: "object",
      additionalProperties: false,
      required: ["kind"],
      properties: {
        kind: { enum: ERROR_KINDS },
        message: { type: "string" },
        status: { type: "integer", minimum: 100, maximum: 599 },
        retryAfterMs: { type: "integer", minimum: 0 },
      },
    },
    times: { type: "integer", minimum: 1 },
    delayMs: { type: "integer", minimum: 0 },
    chunkDelayMs: { type: "integer", minimum: 0 },
    errorAfterChunks: { type: "integer", minimum: 0 },
  },
  anyOf: [{ required: ["reply"] }, { required: ["error"] }],
};
