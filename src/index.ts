// The public surface of llm-runtime, and nothing else. First-party plugins import from here and from
// llm-runtime/provider-utils (src/provider-utils.ts) only.

export * from "./contract/index.js";
export * from "./errors/index.js";
export { formatUserMessageWithFile } from "./files/format-user-message-with-file.js";
export { createRuntime, type Runtime, type RuntimeOptions } from "./kernel/create-runtime.js";
export type {
  AttemptEvent,
  ErrorDecision,
  HookTap,
  PluginHooks,
  RequestOutcome,
  SkipDecision,
  TapOptions,
} from "./kernel/hooks/hooks.js";
export { HOOK_STAGES, type HookStageName } from "./kernel/hooks/stages.js";
export type { LLMClient } from "./kernel/llm-client.js";
export type { OptionsFromSchema } from "./kernel/plugins/options-from-schema.js";
export {
  definePlugin,
  PLUGIN_API_VERSION,
  type Plugin,
  type PluginContext,
  SUPPORTED_PLUGIN_API_VERSIONS,
} from "./kernel/plugins/plugin.js";
export type { RuntimeEdges } from "./kernel/runtime-edges.js";
export { toAssistantMessage } from "./kernel/to-assistant-message.js";
export { REDACTED, SECRET_KEY_NAMES } from "./logging/redact-secret-keys.js";
export {
  createSecretScrubber,
  isScrubbableSecret,
  type Scrubber,
  scrubCredentialShapes,
  scrubErrorInPlace,
} from "./logging/scrub-secrets.js";
export { applyProviderParams } from "./params/apply-provider-params.js";
export { type AttemptNotices, createAttemptNotices } from "./params/attempt-notices.js";
export { createMemoryStore, type MemoryStoreOptions } from "./store/memory-store.js";
export { createRedisStore, type RedisStoreOptions, type StoreLogger } from "./store/redis-store.js";
export type { SharedStore } from "./store/shared-store.js";
