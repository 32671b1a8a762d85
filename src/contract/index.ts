export { INSTANCE_TIMEOUT_MS_SCHEMA } from "./instance-timeout-schema.js";
export type { LLMInterface } from "./llm-interface.js";
export type {
  AssistantExtension,
  AssistantMessage,
  ChatMessage,
  ContentPart,
  FilePart,
  ImageUrlPart,
  SystemMessage,
  TextPart,
  ToolCall,
  ToolMessage,
  UserMessage,
} from "./messages.js";
export { EXTENSION_FIELD } from "./messages.js";
export type {
  AttemptOutcome,
  AttemptRecord,
  DecisionAction,
  FinishReason,
  LLMOutput,
  ReasoningInfo,
  ToolCallItem,
  Usage,
} from "./output.js";
export type {
  FileReadOptions,
  ProviderClient,
  ProviderEnvironment,
  ProviderFactory,
  ProviderInstanceConfig,
  ProviderRegistration,
  ToolCallIdFormat,
} from "./provider.js";
export type { CallOptions, LLMRequest, RequestContext, Target } from "./request.js";
export type { StreamEvent } from "./stream.js";
export type { JsonSchema, ToolChoice, ToolDefinition } from "./tools.js";
