import type { Logger } from "pino";
import type { ChatMessage } from "./messages.js";
import type { AttemptRecord } from "./output.js";
import type { ToolChoice, ToolDefinition } from "./tools.js";

/** One request as it travels through the hooks to a provider. */
export interface LLMRequest {
  /** Provider instance name from the config. */
  provider: string;
  model: string;
  messages: ChatMessage[];
  tools?: ToolDefinition[];
  toolChoice?: ToolChoice;
  /**
   * Shared params in OpenAI's names (temperature, max_tokens, ...): the client's, the fallback
   * entry's and the call's, merged in that order. The provider plugin sends, translates or leaves
   * out each one by its own table (see docs/params.md).
   */
  params: Record<string, unknown>;
  /**
   * This target type's own params (`providerParams.<type>` of the client, the fallback entry and
   * the call, merged in that order), sent as they are, over what the shared params became.
   */
  providerParams?: Record<string, unknown>;
}

/** One entry of a client's chain: a provider instance and a model. */
export interface Target {
  /** Provider instance name. */
  provider: string;
  /** The instance's provider type (`openai`, `google`, ...). */
  providerType: string;
  model: string;
  params: Record<string, unknown>;
  /** `providerParams.<providerType>` of the client with the fallback entry's merged over it. */
  providerParams?: Record<string, unknown>;
}

/**
 * Per-call options, the fourth argument of `generateResponse` and `streamResponse`. Checked before
 * anything is sent: an unknown key or a bad value is an InvalidRequestError. `timeoutMs` and
 * `idleTimeoutMs` are integers from 1 to 2147483647 (as in the config); Infinity is refused, since
 * a request without a deadline can hang for good: pass the largest value for "practically never".
 */
export interface CallOptions {
  signal?: AbortSignal;
  /** Overall deadline for this call in milliseconds, covering retries, waits and fallbacks. */
  timeoutMs?: number;
  /** `streamResponse` only: longest silence between two chunks, in milliseconds (default 60000). */
  idleTimeoutMs?: number;
  /** Per-call params (OpenAI names), merged over the client's and each fallback's `params`. */
  params?: Record<string, unknown>;
  /** Per-call provider-specific params by provider type, sent only to targets of that type. */
  providerParams?: Record<string, Record<string, unknown>>;
}

/**
 * State of one request, shared by every hook call and provider attempt made for it. The kernel
 * updates `target`, `targetIndex`, `attempt` and `attemptOnTarget` as the request moves on.
 */
export interface RequestContext {
  readonly requestId: string;
  /** Client name from the config. */
  readonly client: string;
  readonly chain: readonly Target[];
  target: Target;
  targetIndex: number;
  /** 1-based count of provider calls made for this request so far, this one included. */
  attempt: number;
  /** 1-based count of calls to the current target. */
  attemptOnTarget: number;
  /**
   * A real AbortSignal that aborts on the caller's signal or at the deadline: hand it to `fetch`
   * or to an SDK's `signal` option as it is. The kernel makes it for the request on first read
   * (aborted already if the request has stopped) and drops it when the request ends, so the
   * listener fetch leaves on it goes with it (the caller's own signal never reaches a provider).
   */
  readonly signal: AbortSignal;
  /** Epoch milliseconds after which no attempt starts and no wait extends. */
  readonly deadline: number;
  /** Every attempt so far, in order. */
  readonly attempts: readonly AttemptRecord[];
  readonly logger: Logger;
  /** Whether this request streams (set by `streamResponse`). */
  readonly streaming: boolean;
}
