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
  /** Folders a file must lie within; empty means any path. */
  allowedRoots: readonly string[];
}

/** What a provider plugin implements for one provider instance. */
export interface ProviderClient {
  /** Throws `LLMProviderError` subclasses. */
  generate(request: LLMRequest, context: RequestContext): Promise<LLMOutput>;
  stream?(request: LLMRequest, context: RequestContext): AsyncIterable<StreamEvent>;
  formatUserMessageWithFile?(
    promptText: string,
    filePath: string,
    mimeType: string,
    maxTextLength: number,
    options: FileReadOptions,
  ): Promise<UserMessage>;
  /** Releases sockets or other resources; called by `runtime.close()`. */
  close?(): void | Promise<void>;
}

/** Builds a `ProviderClient` for one provider instance. May be async (to import an SDK lazily). */
export type ProviderFactory = (instance: ProviderInstanceConfig) => ProviderClient | Promise<ProviderClient>;

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
}

export type { ChatMessage };
