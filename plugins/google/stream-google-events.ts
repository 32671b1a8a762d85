import type {
  GenerateContentConfig,
  GenerateContentParameters,
  GenerateContentResponse,
  GoogleGenAI,
} from "@google/genai";
import type { LLMRequest, RequestContext, StreamEvent } from "../../src/index.js";
import { CallStop } from "../../src/provider-utils.js";
import { GoogleStreamAccumulator } from "./accumulate-google-stream.js";
import { buildGoogleRequest, type GoogleSettings } from "./build-google-request.js";
import type { GoogleResponse } from "./google-api-types.js";
import { mapGoogleError } from "./map-google-error.js";

/**
 * One streamed Gemini call (`POST …:streamGenerateContent?alt=sse`): events as the SDK delivers
 * each chunk, then one `finish` with the output `generate` would have returned.
 *
 * Leaving the loop early must close the HTTP stream, and @google/genai 2.32 does not: its chunk
 * iterator's `return()` only releases the body's reader lock, so the socket stays open until the
 * server finishes. The SDK therefore gets a signal of this call's own, aborted when the stream
 * stops before its end and whenever the request's signal aborts (the one listener this adds is
 * removed before the generator finishes or is abandoned).
 *
 * A known limit, left as it is: @google/genai 2.32 reads an SSE event only when
 * its first line is `data:` and takes everything after that prefix as one JSON text. An event
 * that opens with a comment or an `event:` line is dropped silently, and one with a comment or
 * `id:` line after its data fails as a malformed chunk (a retryable ProviderUnavailableError).
 * Gemini itself sends one `data:` line per event. The plugin cannot read the body itself without
 * giving the SDK a fetch of its own, and then the SDK no longer disables undici's 300-second
 * header and body timeouts for any Gemini call.
 */
export async function* streamGoogleEvents(
  sdk: GoogleGenAI,
  settings: GoogleSettings,
  request: LLMRequest,
  context: RequestContext,
): AsyncGenerator<StreamEvent> {
  const target = { provider: request.provider, model: request.model };
  // This call's own stop (early close, the head timer), which also follows the request's signal.
  const callStop = new CallStop(context.signal);
  let ended = false;
  try {
    const parameters = await buildGoogleRequest(settings, request, context, callStop.signal);
    const chunks = await openStream(sdk, parameters, callStop, settings.timeoutMs);
    const accumulator = new GoogleStreamAccumulator(target);
    for await (const chunk of chunks) {
      for (const event of accumulator.add(chunk as unknown as GoogleResponse)) yield event;
    }
    const closing = accumulator.finish();
    // The body has been read to its end: nothing to abort, and no listener may outlive the call.
    ended = true;
    callStop.release();
    for (const event of closing) yield event;
  } catch (error) {
    const errorContext = { ...target, signal: context.signal, timeoutMs: settings.timeoutMs };
    throw mapGoogleError(error, { ...errorContext, secrets: settings.secrets });
  } finally {
    callStop.release();
    if (!ended) callStop.abort();
  }
}

/**
 * Sends the request and waits for the response head. The instance's `timeoutMs` bounds this wait
 * only, as the OpenAI and Anthropic SDKs bound theirs: the body is then bounded by the client's
 * idle timeout and deadline. (@google/genai would keep its own timer armed until the body is read,
 * cutting long streams and leaving one timer behind per call, so its timeout is turned off here.)
 */
async function openStream(
  sdk: GoogleGenAI,
  parameters: GenerateContentParameters,
  controller: CallStop,
  timeoutMs: number | undefined,
): Promise<AsyncGenerator<GenerateContentResponse>> {
  const timer = timeoutMs ? setTimeout(() => controller.abort(), timeoutMs) : undefined;
  // The request's own config (see buildGoogleRequest): the per-call fields go in place.
  const config = parameters.config as GenerateContentConfig;
  config.abortSignal = controller.signal;
  // Per-call httpOptions cost the SDK a deep copy of its own: sent only when there is a timeout.
  if (timeoutMs) config.httpOptions = { timeout: 0 };
  // The SDK's automatic continuation re-sends a stream cut after a continuationToken: a hidden
  // retry. The runtime's retry plugin owns retrying, so the SDK makes exactly one request.
  config.automaticContinuation = false;
  try {
    return await sdk.models.generateContentStream(parameters);
  } finally {
    clearTimeout(timer);
  }
}
