import type { GenerateContentParameters } from "@google/genai";
import {
  type AttemptNotices,
  InvalidRequestError,
  type LLMRequest,
  type RequestContext,
} from "../../src/index.js";
import { convertToGoogleMessages } from "./convert-to-google-messages.js";
import { mapGoogleParams } from "./map-google-params.js";
import { type GoogleToolSchemaMode, prepareGoogleTools } from "./prepare-google-tools.js";
import { createGoogleMediaResolver, type GoogleFileUploader } from "./resolve-google-media.js";

/** What one provider instance decided at build time, shared by `generate` and `stream`. */
export interface GoogleSettings {
  /** Values scrubbed from every message and cause (the key, configured header values). */
  secrets: string[];
  /** Per-attempt timeout: the whole call for `generate`, up to the response head for `stream`. */
  timeoutMs?: number;
  toolSchemaMode: GoogleToolSchemaMode;
  inlineMaxBytes: number;
  upload: GoogleFileUploader;
  /** Reports the shared params a request left out on its attempt record. */
  notices: AttemptNotices;
}

/**
 * The SDK parameters of one request (without the abort signal): the same for `generateContent`
 * and `generateContentStream`, so a streamed reply answers exactly the request `generate` sends.
 * A file upload this needs waits under `stop` (the call's own stop: deadline, abort, attempt limit).
 */
export async function buildGoogleRequest(
  settings: GoogleSettings,
  request: LLMRequest,
  context: RequestContext,
  stop?: AbortSignal,
): Promise<GenerateContentParameters> {
  const target = { provider: request.provider, model: request.model };
  const resolveMedia = createGoogleMediaResolver({
    inlineMaxBytes: settings.inlineMaxBytes,
    upload: settings.upload,
    stop,
  });
  const { systemInstruction, contents } = await convertToGoogleMessages(request.messages, {
    ...target,
    resolveMedia,
  });
  const { tools, toolConfig } = prepareGoogleTools(
    request.tools,
    request.toolChoice,
    settings.toolSchemaMode,
  );
  const { config, dropped, refusal } = mapGoogleParams(request.params, request.model, request.providerParams);
  if (refusal !== undefined) {
    throw new InvalidRequestError(refusal, {
      ...target,
      fix: "use response_format json_schema or json_object, which every built-in provider honours",
    });
  }
  settings.notices.dropped(context, dropped);
  // Only the fields there are: the SDK looks up each of its config fields by path, and a key held
  // as undefined only makes the object larger. The config is this request's own: a caller may add
  // its per-call fields (abortSignal, httpOptions) to it in place.
  if (systemInstruction !== undefined) config.systemInstruction = systemInstruction;
  if (tools !== undefined) config.tools = tools;
  if (toolConfig !== undefined) config.toolConfig = toolConfig;
  const parameters = { model: request.model, contents, config };
  // The plugin's own types are the wire shapes; the SDK's are the same JSON with TS enums.
  return parameters as unknown as GenerateContentParameters;
}
