import { ConnectionError, isLLMError, LLMProviderError } from "../../src/index.js";
import { type AnthropicErrorContext, mapAnthropicError } from "./map-anthropic-error.js";

/** What reading a stream needs beyond `AnthropicErrorContext`: the SDK's base error class. */
export interface AnthropicStreamErrorContext extends AnthropicErrorContext {
  sdkErrorClass: abstract new (...args: never[]) => Error;
}

/**
 * A failure while reading a stream as the runtime's error. The SDK's own errors go to
 * `mapAnthropicError` (an `event: error` after HTTP 200, such as `overloaded_error`, is an
 * APIError without status, mapped by its type). Reading can also fail with undici's
 * `TypeError: terminated` when the connection closes in the middle (ConnectionError, retryable
 * while nothing was delivered), or with the SyntaxError of an event whose data is not JSON
 * (provider_error; its text is never echoed, and the parser's message quotes it, so it is not
 * kept as the cause). Never throws.
 */
export function mapAnthropicStreamError(
  error: unknown,
  context: AnthropicStreamErrorContext,
): LLMProviderError {
  if (isLLMError(error) || context.signal?.aborted || error instanceof context.sdkErrorClass) {
    return mapAnthropicError(error, context);
  }
  const where = { provider: context.provider, model: context.model };
  if (error instanceof SyntaxError) {
    return new LLMProviderError("provider_error", "a stream event from Anthropic was not valid JSON", {
      ...where,
      fix: "check that the provider's baseURL points at the Anthropic API (a proxy may have answered), then retry",
    });
  }
  return new ConnectionError("the connection closed in the middle of the stream", {
    ...where,
    cause: error,
    fix: "retry; the connection was cut before the reply was complete",
  });
}
