import type { ToolDefinition } from "../../../src/index.js";

/** Tool schemas as real applications send them: MCP servers, zod-to-json-schema, pydantic, hand-written. */
export const REALISTIC_TOOLS: ToolDefinition[] = [
  {
    // An MCP filesystem server's tool, as listed by tools/list (draft-07 with $schema).
    type: "function",
    function: {
      name: "read_text_file",
      description: "Read the complete contents of a file as text.",
      parameters: {
        type: "object",
        properties: {
          path: { type: "string" },
          head: { type: "number", description: "If provided, returns only the first N lines of the file" },
        },
        required: ["path"],
        additionalProperties: false,
        $schema: "http://json-schema.org/draft-07/schema#",
      },
    },
  },
  {
    // zod-to-json-schema output: $ref into definitions, nullable via anyOf, a literal via const.
    type: "function",
    function: {
      name: "create_event",
      description: "Create a calendar event",
      parameters: {
        type: "object",
        properties: {
          title: { type: "string", minLength: 1 },
          kind: { type: "string", const: "meeting" },
          start: { $ref: "#/definitions/DateTime" },
          end: { $ref: "#/definitions/DateTime" },
          location: { anyOf: [{ type: "string" }, { type: "null" }], default: null },
          attendees: {
            type: "array",
            items: {
              type: "object",
              properties: { email: { type: "string", format: "email" }, optional: { type: "boolean" } },
              required: ["email"],
              additionalProperties: false,
            },
            maxItems: 50,
          },
        },
        required: ["title", "kind", "start", "end"],
        additionalProperties: false,
        definitions: { DateTime: { type: "string", format: "date-time", description: "ISO 8601" } },
        $schema: "http://json-schema.org/draft-07/schema#",
      },
    },
  },
  {
    // pydantic v2 output: $defs, an enum class, a type array for an optional number, an integer enum.
    type: "function",
    function: {
      name: "search_products",
      parameters: {
        type: "object",
        title: "SearchProducts",
        properties: {
          query: { type: "string", title: "Query" },
          sort: { $ref: "#/$defs/SortOrder" },
          max_price: { type: ["number", "null"], exclusiveMinimum: 0 },
          page_size: { type: "integer", enum: [10, 20, 50] },
          filters: {
            type: "object",
            properties: {
              brand: { type: "array", items: { type: "string" } },
              in_stock: { type: "boolean", default: true },
            },
            additionalProperties: false,
          },
        },
        required: ["query"],
        $defs: {
          SortOrder: { type: "string", enum: ["relevance", "price_asc", "price_desc"], title: "SortOrder" },
        },
      },
    },
  },
  {
    // Hand-written: a discriminated union (oneOf), an allOf composition and a free-form map.
    type: "function",
    function: {
      name: "send_notification",
      description: "Send a notification",
      parameters: {
        type: "object",
        properties: {
          channel: {
            oneOf: [
              { type: "object", properties: { type: { const: "email" }, address: { type: "string" } } },
              {
                type: "object",
                properties: { type: { const: "sms" }, phone: { type: "string", pattern: "^\\+[0-9]+$" } },
              },
            ],
          },
          message: {
            allOf: [
              { type: "object", properties: { subject: { type: "string" } }, required: ["subject"] },
              { type: "object", properties: { body: { type: "string" } }, required: ["body"] },
            ],
          },
          metadata: { type: "object", additionalProperties: { type: "string" } },
        },
        required: ["channel", "message"],
      },
    },
  },
];
