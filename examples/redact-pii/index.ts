/**
 * An example hook plugin: replaces e-mail addresses and phone numbers in every request before it
 * is sent, and in every answer, streamed or not. It taps at stage "redact", before every observer
 * (debug-dump, logging or metrics plugins tap at "observe"), so nothing the runtime logs or dumps
 * about a request, and nothing a provider echoes back in an error, holds the original values.
 */
import { definePlugin, type RequestContext } from "../../src/index.js";
import { redactPiiMessages } from "./redact-pii-messages.js";
import { redactPiiOutput, StreamRedactor } from "./redact-pii-stream.js";
import type { RedactPiiOptions } from "./redact-pii-text.js";

export { redactPiiMessages } from "./redact-pii-messages.js";
export { redactPiiOutput, StreamRedactor, safeEnd } from "./redact-pii-stream.js";
export { type RedactionCounts, type RedactPiiOptions, redactPiiText } from "./redact-pii-text.js";

/** A placeholder must keep tool-call arguments valid JSON: no quote, backslash or control character. */
const placeholder = (fallback: string, description: string) => ({
  type: "string",
  minLength: 1,
  maxLength: 100,
  pattern: '^[^"\\\\\\u0000-\\u001f]+$',
  default: fallback,
  description,
});

export const REDACT_PII_OPTIONS_SCHEMA = {
  type: "object",
  additionalProperties: false,
  properties: {
    emails: { type: "boolean", default: true, description: "Replace e-mail addresses." },
    phones: { type: "boolean", default: true, description: "Replace phone numbers." },
    emailPlaceholder: placeholder("[email]", "What an e-mail address is replaced with."),
    phonePlaceholder: placeholder("[phone]", "What a phone number is replaced with."),
  },
} as const;

export default definePlugin<RedactPiiOptions>({
  name: "redact-pii",
  apiVersion: 2,
  optionsSchema: REDACT_PII_OPTIONS_SCHEMA,
  setup(context, options) {
    context.hooks.beforeRequest.tap({ stage: "redact" }, (request, requestContext) => {
      const { messages, counts } = redactPiiMessages(request.messages, options);
      if (counts.emails + counts.phones === 0) return undefined;
      // Counts only: the values themselves are never logged.
      context.logger.debug({ requestId: requestContext.requestId, ...counts }, "redacted personal data");
      return { ...request, messages };
    });
    // The answer: the output a caller receives, and the `finish` event of a stream, which carries it.
    context.hooks.afterResponse.tap({ stage: "redact" }, (output) => redactPiiOutput(output, options));
    // A stream's deltas, as they reach the screen: one redactor per request holds back what may
    // still grow into an address or a number.
    const redactors = new WeakMap<RequestContext, StreamRedactor>();
    context.hooks.streamEvent.tap({ stage: "redact" }, (event, requestContext) => {
      let redactor = redactors.get(requestContext);
      if (redactor === undefined) {
        redactor = new StreamRedactor(options);
        redactors.set(requestContext, redactor);
      }
      return redactor.redact(event);
    });
  },
});
