/** Options of the otel plugin (`{ "use": "otel", "options": {...} }`), defaults filled in. */
export interface OtelOptions {
  /**
   * Whether the messages sent and the reply received are recorded on the spans
   * (`gen_ai.input.messages`, `gen_ai.output.messages`), every secret the runtime knows scrubbed
   * from them. Default false: prompts often hold personal data, and telemetry backends keep them.
   */
  captureContent: boolean;
}

/** JSON Schema (draft-07) of the options; `schemas/otel.options.schema.json` is written from it. */
export const OTEL_OPTIONS_SCHEMA = {
  $schema: "http://json-schema.org/draft-07/schema#",
  title: "otel plugin options",
  description:
    "Records each request as OpenTelemetry spans and metrics named by the GenAI semantic conventions: a span per request, a child span per provider call (its outcome and the retry or fallback decided after it), and the gen_ai.client.operation.duration and gen_ai.client.token.usage histograms. It uses the tracer and meter providers the application registered with @opentelemetry/api before creating the runtime; without them it taps no hook and records nothing.",
  type: "object",
  additionalProperties: false,
  properties: {
    captureContent: {
      type: "boolean",
      default: false,
      description:
        "Record the messages sent (gen_ai.input.messages, on each provider call's span) and the reply (gen_ai.output.messages, on the request's span) as JSON, with every secret the runtime knows replaced by [REDACTED]. Off by default: prompts often hold personal data.",
    },
  },
} as const;
