/**
 * The body of `POST /v1/chat/completions`, as OpenAI documents it (the Chat Completions API
 * reference): what the gateway itself needs is checked here, so a bad request is a 400 naming the
 * JSON pointer before any provider is called. Sampling params are left to the providers, which
 * validate them in their own terms; unknown top-level fields pass through as params.
 */
const TEXT_PARTS = {
  type: "array",
  items: {
    type: "object",
    required: ["type", "text"],
    properties: { type: { const: "text" }, text: { type: "string" } },
  },
};

const CONTENT_PARTS = {
  type: "array",
  items: {
    type: "object",
    required: ["type"],
    properties: { type: { enum: ["text", "image_url", "file", "input_audio"] } },
  },
};

const TOOL_CALL = {
  type: "object",
  required: ["id", "type", "function"],
  properties: {
    id: { type: "string", minLength: 1 },
    type: { const: "function" },
    function: {
      type: "object",
      required: ["name", "arguments"],
      properties: { name: { type: "string", minLength: 1 }, arguments: { type: "string" } },
    },
  },
};

/** JSON Schema's if/then, built here so the `then` key appears once. */
function whenRole(roles: readonly string[], schema: Record<string, unknown>) {
  // biome-ignore lint/suspicious/noThenProperty: JSON Schema's conditional keyword, not a thenable
  return { if: { properties: { role: { enum: roles } } }, then: schema };
}

const MESSAGE = {
  type: "object",
  required: ["role"],
  properties: { role: { enum: ["system", "developer", "user", "assistant", "tool"] } },
  allOf: [
    whenRole(["system", "developer"], {
      required: ["content"],
      properties: { content: { anyOf: [{ type: "string" }, TEXT_PARTS] } },
    }),
    whenRole(["user"], {
      required: ["content"],
      properties: { content: { anyOf: [{ type: "string" }, CONTENT_PARTS] } },
    }),
    whenRole(["assistant"], {
      properties: {
        content: { anyOf: [{ type: "string" }, { type: "null" }, TEXT_PARTS] },
        tool_calls: { type: "array", items: TOOL_CALL },
      },
    }),
    whenRole(["tool"], {
      required: ["content", "tool_call_id"],
      properties: {
        content: { anyOf: [{ type: "string" }, TEXT_PARTS] },
        tool_call_id: { type: "string", minLength: 1 },
      },
    }),
  ],
};

const TOOL = {
  type: "object",
  required: ["type", "function"],
  properties: {
    type: { const: "function" },
    function: {
      type: "object",
      required: ["name"],
      properties: {
        name: { type: "string", pattern: "^[A-Za-z0-9_-]{1,64}$" },
        description: { type: "string" },
        parameters: { type: "object" },
        strict: { type: ["boolean", "null"] },
      },
    },
  },
};

const TOOL_CHOICE = {
  anyOf: [
    { enum: ["auto", "none", "required"] },
    {
      type: "object",
      required: ["type", "function"],
      properties: {
        type: { const: "function" },
        function: {
          type: "object",
          required: ["name"],
          properties: { name: { type: "string", minLength: 1 } },
        },
      },
    },
  ],
};

export const CHAT_REQUEST_SCHEMA = {
  type: "object",
  required: ["model", "messages"],
  properties: {
    model: { type: "string", minLength: 1, maxLength: 512 },
    messages: { type: "array", minItems: 1, items: MESSAGE },
    stream: { type: ["boolean", "null"] },
    stream_options: {
      type: ["object", "null"],
      properties: { include_usage: { type: "boolean" } },
    },
    tools: { type: "array", items: TOOL },
    tool_choice: TOOL_CHOICE,
    // One choice per request: the runtime returns one answer, and a chain cannot merge n of them.
    n: { anyOf: [{ const: 1 }, { type: "null" }] },
  },
} as const;

/** Fixes shown for a 400, by the schema keyword that failed. */
export const SCHEMA_FIXES: Record<string, string> = {
  required: "add the missing field (see OpenAI's Chat Completions request format)",
  type: "send the value with the type OpenAI's Chat Completions format gives it",
  enum: "use one of the allowed values",
  const: "use the allowed value",
  minItems: "send at least one message",
  minLength: "send a non-empty string",
  pattern: "tool names are 1-64 letters, digits, _ or -",
  anyOf: "send one of the shapes OpenAI's Chat Completions format allows here",
};
