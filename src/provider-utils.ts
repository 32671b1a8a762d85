/**
 * `llm-runtime/provider-utils`: helpers for writing a provider plugin's HTTP side. Each is plain,
 * honest code a third-party provider may use or ignore; every signal here is a real AbortSignal.
 * docs/writing-a-plugin.md shows where each fits.
 */

export { mimeTypeOfExtension } from "./files/classify-attachment-mime.js";
export { type CallForJsonOptions, callForJson } from "./http/call-for-json.js";
export { SseDecoder, type SseEvent } from "./http/decode-sse.js";
export { hashToolCallId } from "./http/hash-tool-call-id.js";
export { type AttemptLimit, limitAttempt } from "./http/limit-attempt.js";
export { type HeaderReader, parseRetryAfterMs } from "./http/parse-retry-after.js";
export { readJsonBody } from "./http/read-json-body.js";
export { CallStop } from "./http/stop-signal.js";
