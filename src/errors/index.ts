export { ERROR_CODES, type ErrorCode, PROVIDER_ERROR_CODES, type ProviderErrorCode } from "./codes.js";
export { isLLMError, LLMError, type LLMErrorOptions } from "./llm-error.js";
export {
  AttachmentError,
  ConfigError,
  type ConfigErrorDetails,
  HookError,
  PluginError,
} from "./loading-errors.js";
export {
  AbortError,
  AuthenticationError,
  ConnectionError,
  ContentFilterError,
  ContextLengthError,
  InvalidRequestError,
  isLLMProviderError,
  LLMProviderError,
  ModelNotFoundError,
  type PartialOutput,
  type ProviderErrorDetails,
  ProviderUnavailableError,
  QuotaExhaustedError,
  RateLimitError,
  ResponseTooLargeError,
  TimeoutError,
  type TimeoutPhase,
} from "./provider-errors.js";
export { quoteUntrusted } from "./quote-untrusted.js";
