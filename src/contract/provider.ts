import type { ChatMessage, UserMessage } from "./messages.js";
import type { LLMOutput } from "./output.js";
import type { LLMRequest, RequestContext } from "./request.js";
import type { StreamEvent } from "./stream.js";

/** A provider's entry in the config, after `${ENV}` interpolation and API-key defaults. */
export interface ProviderInstanceConfig {
  /** The instance's name (its key under `providers`). */
  name: string;
  type: string;
  apiKey?: string;
  baseURL?: string;
  /** Per-attempt timeout in milliseconds. */
  timeoutMs?: number;
  [option: string]: unknown;
}

/** Options for reading a file into a user message (see `formatUserMessageWithFile`). */
export interface FileReadOptions {
  /** Largest file accepted, in bytes. */
  maxBytes: number;
  /**
   * Folders a file must lie within; empty means the process's working folder. Whatever the roots,
   * nothing under /proc, /sys or /dev is ever read (process environment, kernel and device files).
   */
  allowedRoots: readonly string[];
}

/** What a provider plugin implements for one provider instance. */
export interface ProviderClient {
  /** Throws `LLMProviderError` subclasses. */
  generate(request: LLMRequest, context: RequestContext): Promise<LLMOutput>;
  /**
   * Yields `text-delta`, `reasoning-delta`, `tool-call-start` and `tool-call-delta` events as the
   * SDK delivers them (no buffering), then exactly one `finish` whose output equals what `generate`
   * would have returned. A call's `index` is its position in the final `toolCalls`. The kernel emits
   * `tool-call-end`, `usage` and `finish` to the caller itself, after afterResponse. Stopping the
   * iteration early (`return()`) or an abort of `context.signal` must close the HTTP stream. A
   * stream that ends without the provider's terminal event, or inside a tool call's arguments,
   * throws a typed error; it never finishes cleanly.
   */
  stream?(request: LLMRequest, context: RequestContext): AsyncIterable<StreamEvent>;
  formatUserMessageWithFile?(
    promptText: string,
    filePath: string,
    mimeType: string | undefined,
    maxTextLength: number,
    options: FileReadOptions,
  ): Promise<UserMessage>;
  /**
   * The shared params (OpenAI names) this instance would leave out for `model`, from the plugin's
   * own table; `config check` lists them per target. A provider that leaves one out on a call also
   * reports it through `createAttemptNotices().dropped`, so it lands on the attempt record and in a
   * warn line.
   */
  unsupportedParams?(params: Readonly<Record<string, unknown>>, model: string): string[];
  /** Releases sockets or other resources; called by `runtime.close()`. */
  close?(): void | Promise<void>;
}

/** What the runtime gives every provider factory besides the instance's config. */
export interface ProviderEnvironment {
  /**
   * The fetch to hand the provider's SDK (or to call directly): the runtime's `fetch` option (else
   * the global fetch) wrapped by the runtime's guard, which follows no redirect and caps the size
   * of a response body and of one stream event (see docs/configuration.md, "Network trust rules").
   * A provider that uses another fetch loses both protections.
   */
  readonly fetch: typeof fetch;
}

/** Builds a `ProviderClient` for one provider instance. May be async (to import an SDK lazily). */
export type ProviderFactory = (
  instance: ProviderInstanceConfig,
  environment: ProviderEnvironment,
) => ProviderClient | Promise<ProviderClient>;

/**
 * What a provider accepts as a tool-call ID (`tool_calls[].id` and `tool_call_id`), declared with
 * its registration. The id-translation plugin reads it to rewrite a history that another provider
 * produced (after a fallback mid tool loop) into IDs this provider accepts.
 */
export interface ToolCallIdFormat {
  /** IDs the provider accepts as they are; the empty ID never is. Flags `g` and `y` are ignored. */
  pattern: RegExp;
  /** Longest ID accepted, in characters (default: no limit). */
  maxLength?: number;
  /**
   * A valid ID made from a foreign one. Pure (the same ID always gives the same result, so a call
   * and its result, rewritten apart, still pair up), distinct for distinct IDs (use a hash, e.g.
   * `hashToolCallId` from llm-runtime/provider-utils), and always accepted by `pattern` and
   * `maxLength`; the kernel checks a few samples at registration.
   */
  mint(foreignId: string): string;
}

export interface ProviderRegistration {
  /**
   * JSON Schema for this type's provider entries (beyond `type`); validated once at load time.
   * Without one, any extra keys are accepted.
   */
  instanceSchema?: Record<string, unknown>;
  /** Environment variables an instance without `apiKey` takes its key from, in order. */
  apiKeyEnv?: readonly string[];
  /** Whether an instance needs an API key at all (default true). */
  requiresApiKey?: boolean;
  /**
   * This type's own request-field names that are not OpenAI's (Gemini's `topK`, Anthropic's
   * `thinking`), each with the shared OpenAI-named param that becomes it, or null when none does.
   * Such a name in a client's shared `params` is a ConfigError whose fix is
   * `providerParams.<type>` (or the shared name); a plugin never lists another provider's names.
   */
  nativeParams?: Readonly<Record<string, string | null>>;
  /**
   * The provider's tool-call-ID rule. Without one, IDs sent to it are letters, digits, `_` and `-`,
   * at most 40 characters (what every built-in provider accepts).
   */
  toolCallIds?: ToolCallIdFormat;
}

export type { ChatMessage };
