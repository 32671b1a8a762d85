import { PROVIDER_ERROR_CODES, type ProviderErrorCode } from "../../src/index.js";

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

/** Every provider error kind but `aborted`, which only the caller causes. */
const ERROR_KINDS = PROVIDER_ERROR_CODES.filter((kind) => kind !== "aborted");

const MATCH_SCHEMA = {
  type: "object",
  description: "When the rule applies; every condition given must hold for the last message.",
  additionalProperties: false,
  properties: {
    contains: { type: "string", description: "The last message's text contains this string." },
    matches: {
      type: "string",
      description: "The last message's text matches this regular expression (test-only).",
    },
    role: { enum: ["system", "user", "assistant", "tool"], description: "The last message has this role." },
    hasToolResult: {
      type: "boolean",
      description: "The last message is a tool result (true) or is not (false).",
    },
    model: { type: "string", description: "The request targets this model." },
  },
};

const REPLY_SCHEMA = {
  type: "object",
  description: "The answer: text, tool calls, or both.",
  additionalProperties: false,
  properties: {
    text: { type: "string", description: "The reply's text." },
    chunks: {
      type: "array",
      items: { type: "string" },
      description: "When streamed: the text as these deltas (default: the whole text as one delta).",
    },
    toolCalls: {
      type: "array",
      description: "Tool calls the reply makes, in order.",
      items: {
        type: "object",
        description: "One tool call.",
        additionalProperties: false,
        required: ["name"],
        properties: {
          id: { type: "string", minLength: 1, description: "The call's id (default: call_scripted_<n>)." },
          name: { type: "string", minLength: 1, description: "The tool's name." },
          arguments: {
            type: ["object", "string"],
            description: "The arguments: an object (serialised) or a JSON string (sent as is).",
          },
        },
      },
    },
    finishReason: {
      enum: ["stop", "length", "tool_calls", "content_filter", "other"],
      description: "The finish reason (default: tool_calls when there are tool calls, else stop).",
    },
  },
};

/** JSON Schema of a rule, as the config may give it under a scripted provider's `rules`. */
export const SCRIPTED_RULE_SCHEMA = {
  type: "object",
  description: "One rule: when match holds for the last message, answer with reply or throw error.",
  additionalProperties: false,
  properties: {
    match: MATCH_SCHEMA,
    reply: REPLY_SCHEMA,
    error: {
      type: "object",
      description: "The typed error to throw instead of (or, streamed, after part of) the reply.",
      additionalProperties: false,
      required: ["kind"],
      properties: {
        kind: { enum: ERROR_KINDS, description: "The error class to throw, by its registry code." },
        message: { type: "string", description: "The error's message." },
        status: { type: "integer", minimum: 100, maximum: 599, description: "The HTTP status it reports." },
        retryAfterMs: { type: "integer", minimum: 0, description: "The wait it asks for, in milliseconds." },
      },
    },
    times: {
      type: "integer",
      minimum: 1,
      description: "How many requests this rule answers (default: unlimited).",
    },
    delayMs: { type: "integer", minimum: 0, description: "Wait before answering, in milliseconds." },
    chunkDelayMs: {
      type: "integer",
      minimum: 0,
      description: "When streamed: wait between two chunks, in milliseconds.",
    },
    errorAfterChunks: {
      type: "integer",
      minimum: 0,
      description: "When streamed with both reply and error: deliver this many chunks, then fail with error.",
    },
  },
  anyOf: [{ required: ["reply"] }, { required: ["error"] }],
};
