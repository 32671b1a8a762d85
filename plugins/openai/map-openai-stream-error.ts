import { ConnectionError, isLLMError, LLMProviderError } from "../../src/index.js";
import { mapOpenAIError, type OpenAIErrorContext } from "./map-openai-error.js";

/**
 * A failure while reading a stream as the runtime's error. What the SDK throws there besides its
 * own errors comes from the body: undici's `TypeError: terminated` when the connection closes in
 * the middle (ConnectionError, retryable while nothing was delivered), or the `SyntaxError` of a
 * chunk that is not JSON (the text is never echoed: it may hold anything). An error chunk after
 * HTTP 200 is an SDK APIError without status, mapped by `mapOpenAIError`. Never throws.
 */
export function mapOpenAIStreamError(error: unknown, context: OpenAIErrorContext): LLMProviderError {
  if (isLLMError(error) || context.signal?.aborted || error instanceof context.classes.APIError) {
    return mapOpenAIError(error, context);
  }
  const where = { provider: context.provider, model: context.model };
  if (error instanceof SyntaxError) {
    return new LLMProviderError("provider_error", "a stream chunk from the server was not valid JSON", {
      ...where,
      cause: error,
      fix: "check that baseURL points at an OpenAI-compatible /v1 endpoint that streams chat.completion.chunk events",
    });
  }
  return new ConnectionError("the connection closed in the middle of the stream", {
    ...where,
    cause: error,
    fix: "retry; the connection was cut before the reply was complete",
  });
}
