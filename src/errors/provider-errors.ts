import type { AttemptRecord } from "../contract/output.js";
import { ERROR_CODES, PROVIDER_ERROR_CODES, type ProviderErrorCode } from "./codes.js";
import { isLLMError, LLMError } from "./llm-error.js";

/** What a stream had delivered to the caller when it failed; it is never silently restarted. */
export interface PartialOutput {
  content: string;
  reasoningText: string;
  /** Calls started so far, with the arguments received so far (possibly incomplete JSON). */
  toolCalls: Array<{ index: number; id: string; name: string; arguments: string }>;
}

export interface ProviderErrorDetails {
  /** Provider instance name (or type, when the instance is not known). */
  provider: string;
  model: string;
  /** HTTP status, when the provider answered. */
  status?: number;
  /** Overrides the code's default retryability (e.g. a server's `x-should-retry`). */
  retryable?: boolean;
  /** Delay the provider asked for before a retry, in milliseconds. */
  retryAfterMs?: number;
  /** The provider's request id, for support tickets. */
  requestId?: string;
  /** The provider's own error code or type (`rate_limit_exceeded`, `overloaded_error`, ...). */
  providerCode?: string;
  cause?: unknown;
  fix?: string;
}

/** Base of every failure of a provider call. */
export class LLMProviderError extends LLMError {
  declare readonly code: ProviderErrorCode;
  readonly provider: string;
  readonly model: string;
  readonly status?: number;
  readonly retryable: boolean;
  readonly retryAfterMs?: number;
  readonly requestId?: string;
  readonly providerCode?: string;
  /** Every attempt made for the request, once the request has finally failed. */
  attempts: AttemptRecord[] = [];
  /** The error of each failed attempt, in order, once the request has finally failed. */
  errors: LLMProviderError[] = [];
  /** For a stream that failed after delivering something: what the caller already received. */
  partialOutput?: PartialOutput;

  constructor(code: ProviderErrorCode, message: string, details: ProviderErrorDetails) {
    const where = `[${details.provider}${details.model ? ` ${details.model}` : ""}]`;
    const status = details.status === undefined ? "" : ` (HTTP ${details.status})`;
    super(code, `${where} ${message}${status}`, { cause: details.cause, fix: details.fix });
    this.provider = details.provider;
    this.model = details.model;
    this.status = details.status;
    this.retryable = details.retryable ?? ERROR_CODES[code].retryable;
    this.retryAfterMs = details.retryAfterMs;
    this.requestId = details.requestId;
    this.providerCode = details.providerCode;
    // Keep the per-request lists out of util.inspect noise; they stay readable as properties.
    Object.defineProperty(this, "errors", { enumerable: false, writable: true, value: [] });
  }

  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      provider: this.provider,
      model: this.model,
      status: this.status,
      retryable: this.retryable,
      retryAfterMs: this.retryAfterMs,
      requestId: this.requestId,
      providerCode: this.providerCode,
      attempts: this.attempts,
      partialOutput: this.partialOutput,
    };
  }
}

/**
 * True for a provider-call failure from any copy of llm-runtime (the brand survives duplicate
 * installs, where instanceof does not), narrowed so `attempts`, `status` and `provider` can be read.
 */
export function isLLMProviderError(value: unknown, code?: ProviderErrorCode): value is LLMProviderError {
  return (
    isLLMError(value) &&
    PROVIDER_ERROR_CODES.includes(value.code as ProviderErrorCode) &&
    (code === undefined || value.code === code)
  );
}

export class RateLimitError extends LLMProviderError {
  constructor(message: string, details: ProviderErrorDetails) {
    super("rate_limit", message, details);
  }
}

export class QuotaExhaustedError extends LLMProviderError {
  constructor(message: string, details: ProviderErrorDetails) {
    super("quota_exhausted", message, details);
  }
}

export class AuthenticationError extends LLMProviderError {
  constructor(message: string, details: ProviderErrorDetails) {
    super("authentication", message, details);
  }
}

export class ModelNotFoundError extends LLMProviderError {
  constructor(message: string, details: ProviderErrorDetails) {
    super("model_not_found", message, details);
  }
}

export class ContextLengthError extends LLMProviderError {
  constructor(message: string, details: ProviderErrorDetails) {
    super("context_length", message, details);
  }
}

export class InvalidRequestError extends LLMProviderError {
  constructor(message: string, details: ProviderErrorDetails) {
    super("invalid_request", message, details);
  }
}

export class ContentFilterError extends LLMProviderError {
  constructor(message: string, details: ProviderErrorDetails) {
    super("content_filter", message, details);
  }
}

/** 5xx answers and overload (Anthropic's 529). */
export class ProviderUnavailableError extends LLMProviderError {
  constructor(message: string, details: ProviderErrorDetails) {
    super("provider_unavailable", message, details);
  }
}

/** Where a timeout struck: one attempt, the request's whole deadline, or silence inside a stream. */
export type TimeoutPhase = "attempt" | "total" | "idle";

export class TimeoutError extends LLMProviderError {
  readonly phase: TimeoutPhase;

  constructor(message: string, details: ProviderErrorDetails & { phase?: TimeoutPhase }) {
    super("timeout", message, details);
    this.phase = details.phase ?? "attempt";
  }
}

export class ConnectionError extends LLMProviderError {
  constructor(message: string, details: ProviderErrorDetails) {
    super("connection", message, details);
  }
}

/** The caller aborted; never retried, never falls back. The abort reason is the cause. */
export class AbortError extends LLMProviderError {
  constructor(message: string, details: ProviderErrorDetails) {
    super("aborted", message, details);
  }
}

/** A response body, or one event of a stream, larger than the runtime's cap; never retried. */
export class ResponseTooLargeError extends LLMProviderError {
  /** The cap that was passed, in bytes. */
  readonly limitBytes: number;

  constructor(message: string, details: ProviderErrorDetails & { limitBytes: number }) {
    super("response_too_large", message, details);
    this.limitBytes = details.limitBytes;
  }
}
