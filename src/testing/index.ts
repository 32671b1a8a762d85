// The public testing API, published as `llm-runtime/testing`: wire-level fake provider servers,
// provider protocol modules, recorded-fixture readers and the provider conformance suite.

export {
  ANTHROPIC_CONFORMANCE_MODEL,
  anthropicConformanceAdapter,
  readAnthropicWire,
} from "./conformance/anthropic-conformance-adapter.js";
export type {
  ConformanceAdapter,
  ConformanceConfigOptions,
  ConformanceErrorCase,
  ConformanceErrorKind,
  ConformanceRecordedStreams,
  ConformanceStreamAdapter,
  ConformanceToolCall,
  WireView,
} from "./conformance/conformance-adapter.js";
export { CONFORMANCE_ERROR_CLASSES } from "./conformance/conformance-adapter.js";
export type { TestApi } from "./conformance/conformance-context.js";
export {
  type ConformanceSuiteOptions,
  defineProviderConformanceSuite,
} from "./conformance/define-provider-conformance-suite.js";
export { describeErrorForLeakCheck, findSecretLeaks } from "./conformance/find-secret-leaks.js";
export { googleConformanceAdapter, readGoogleWire } from "./conformance/google-conformance-adapter.js";
export { openAIConformanceAdapter } from "./conformance/openai-conformance-adapter.js";
export { type FakeServer, type FakeServerOptions, startFakeServer } from "./fake-server.js";
export type {
  BodyStall,
  FakeReply,
  HangReply,
  JsonReply,
  RecordedRequest,
  ReplyHead,
  RequestValidator,
  ResetReply,
  SseEvent,
  SseReply,
  TextReply,
} from "./fake-server-types.js";
export { ANTHROPIC_ERRORS } from "./protocols/anthropic-error-replies.js";
export {
  ANTHROPIC_MESSAGES_PATH,
  type AnthropicErrorSpec,
  type AnthropicMessageSpec,
  type AnthropicToolUseSpec,
  type AnthropicUsageSpec,
  anthropicErrorReply,
  anthropicJsonReply,
  anthropicMessage,
  anthropicSentApiKey,
  anthropicSseReply,
  anthropicStreamEvents,
  anthropicUsage,
  startAnthropicFakeServer,
} from "./protocols/anthropic-protocol.js";
export { collapseAnthropicStream } from "./protocols/anthropic-stream-collapse.js";
export {
  type AnthropicStreamErrorSpec,
  type AnthropicStreamReplyOptions,
  anthropicStreamErrorEvent,
  anthropicStreamReply,
  splitAnthropicDeltas,
} from "./protocols/anthropic-stream-replies.js";
export { GOOGLE_ERRORS, type GoogleErrorSpec, googleErrorReply } from "./protocols/google-error-replies.js";
export { type GoogleFakeFile, GoogleFakeFilesApi } from "./protocols/google-files-api.js";
export {
  type GoogleFakeServer,
  type GoogleFunctionCallSpec,
  type GoogleResponseSpec,
  type GoogleUsageSpec,
  googleBlockedPromptResponse,
  googleGenerateContentPath,
  googleGenerateContentResponse,
  googleJsonReply,
  googleSseReply,
  googleUsageMetadata,
  startGoogleFakeServer,
} from "./protocols/google-protocol.js";
export { collapseGoogleStream } from "./protocols/google-stream-collapse.js";
export {
  type GoogleStreamSpec,
  googleStreamChunks,
  googleStreamErrorData,
  googleStreamReply,
} from "./protocols/google-stream-replies.js";
export { OPENAI_ERRORS } from "./protocols/openai-error-replies.js";
export {
  OPENAI_CHAT_PATH,
  type OpenAICompletionSpec,
  type OpenAIErrorSpec,
  type OpenAIToolCallSpec,
  type OpenAIUsageSpec,
  openAIChatCompletion,
  openAIChunkEvents,
  openAIErrorReply,
  openAIJsonReply,
  openAISseReply,
  openAIStreamErrorEvent,
  openAIUsage,
  startOpenAIFakeServer,
} from "./protocols/openai-protocol.js";
export { validateAnthropicRequest } from "./protocols/validate-anthropic-request.js";
export { validateGoogleRequest } from "./protocols/validate-google-request.js";
export { validateOpenAIRequest } from "./protocols/validate-openai-request.js";
export { readRecordedChunks, readRecordedJson, recordedFixturesDirectory } from "./recorded-fixtures.js";
export { type ProviderFakeServers, startProviderFakeServers } from "./start-provider-fake-servers.js";
export { formatSseEvent } from "./write-fake-reply.js";
