/**
 * The Gemini API for the fake server: `POST /v1beta/models/{model}:generateContent`,
 * `:streamGenerateContent?alt=sse`, and the Files API's resumable upload (served by the protocol
 * itself). Builders for `GenerateContentResponse` bodies and Google error bodies, and a server that
 * enforces Gemini's request rules (see `validate-google-request.ts`). The key travels in
 * `x-goog-api-key`.
 *
 * ```ts
 * const server = await startGoogleFakeServer();
 * server.enqueue(googleJsonReply(googleGenerateContentResponse({ text: "hi" })));
 * // point @google/genai at httpOptions.baseUrl = server.url, apiVersion "v1beta", then:
 * expect(server.requests[0].path).to.equal("/v1beta/models/gemini-2.5-flash:generateContent");
 * ```
 */
import { type FakeServer, type FakeServerOptions, startFakeServer } from "../fake-server.js";
import type { JsonReply, SseEvent, SseReply } from "../fake-server-types.js";
import { type GoogleFakeFile, GoogleFakeFilesApi } from "./google-files-api.js";
import { validateGoogleRequest } from "./validate-google-request.js";

/** The path @google/genai 2.32 posts to (apiVersion pinned to v1beta). */
export function googleGenerateContentPath(model: string, apiVersion = "v1beta"): string {
  return `/${apiVersion}/models/${model}:generateContent`;
}

export interface GoogleFunctionCallSpec {
  name: string;
  args: Record<string, unknown>;
  /** Gemini 3 returns ids; earlier models do not (leave it out to script an id-less call). */
  id?: string;
  thoughtSignature?: string;
}

export interface GoogleUsageSpec {
  promptTokens: number;
  /** `candidatesTokenCount`: answer tokens, thoughts excluded. */
  candidatesTokens: number;
  thoughtsTokens?: number;
  cachedTokens?: number;
}

export interface GoogleResponseSpec {
  text?: string;
  /** Sent as a `thought: true` summary part before the answer. */
  thought?: string;
  /** Put on the text part, as Gemini 3 does. */
  textSignature?: string;
  functionCalls?: GoogleFunctionCallSpec[];
  /** Default `STOP` (Gemini says STOP on function-call turns too). Any string is sent as is. */
  finishReason?: string;
  usage?: GoogleUsageSpec;
  modelVersion?: string;
  responseId?: string;
}

/** `usageMetadata` as Gemini sends it; the total counts thoughts. */
export function googleUsageMetadata(usage: GoogleUsageSpec) {
  const thoughts = usage.thoughtsTokens ?? 0;
  return {
    promptTokenCount: usage.promptTokens,
    candidatesTokenCount: usage.candidatesTokens,
    totalTokenCount: usage.promptTokens + usage.candidatesTokens + thoughts,
    promptTokensDetails: [{ modality: "TEXT", tokenCount: usage.promptTokens }],
    ...(usage.thoughtsTokens === undefined ? {} : { thoughtsTokenCount: usage.thoughtsTokens }),
    ...(usage.cachedTokens === undefined ? {} : { cachedContentTokenCount: usage.cachedTokens }),
  };
}

/** A `GenerateContentResponse` body with one candidate. */
export function googleGenerateContentResponse(spec: GoogleResponseSpec = {}) {
  const parts: Record<string, unknown>[] = [];
  if (spec.thought !== undefined) parts.push({ text: spec.thought, thought: true });
  if (spec.text !== undefined) {
    parts.push({ text: spec.text, ...(spec.textSignature ? { thoughtSignature: spec.textSignature } : {}) });
  }
  for (const call of spec.functionCalls ?? []) {
    const functionCall = { name: call.name, args: call.args, ...(call.id ? { id: call.id } : {}) };
    parts.push({
      functionCall,
      ...(call.thoughtSignature ? { thoughtSignature: call.thoughtSignature } : {}),
    });
  }
  return {
    candidates: [{ content: { parts, role: "model" }, finishReason: spec.finishReason ?? "STOP", index: 0 }],
    usageMetadata: googleUsageMetadata(spec.usage ?? { promptTokens: 10, candidatesTokens: 5 }),
    modelVersion: spec.modelVersion ?? "gemini-2.5-flash",
    responseId: spec.responseId ?? "fake-response-0001",
  };
}

/** A prompt Gemini blocked: no candidates, only `promptFeedback.blockReason`. */
export function googleBlockedPromptResponse(blockReason = "SAFETY") {
  return {
    promptFeedback: { blockReason },
    usageMetadata: { promptTokenCount: 8, totalTokenCount: 8 },
    modelVersion: "gemini-2.5-flash",
    responseId: "fake-blocked-0001",
  };
}

export function googleJsonReply(body: unknown, head: Omit<JsonReply, "kind" | "body"> = {}): JsonReply {
  return { kind: "json", ...head, body };
}

/** A `streamGenerateContent?alt=sse` reply: one full `GenerateContentResponse` per event. */
export function googleSseReply(responses: unknown[], head: Omit<SseReply, "kind" | "events"> = {}): SseReply {
  const events: SseEvent[] = responses.map((data) => ({ data }));
  return { kind: "sse", ...head, events };
}

/** A fake server answering like the Gemini API, its request rules enforced and its Files API served. */
export interface GoogleFakeServer extends FakeServer {
  /** Files uploaded through the Files API, in order. */
  readonly files: readonly GoogleFakeFile[];
}

export async function startGoogleFakeServer(
  options: Omit<FakeServerOptions, "validate"> = {},
): Promise<GoogleFakeServer> {
  const filesApi = new GoogleFakeFilesApi();
  const server = await startFakeServer({
    ...options,
    validate: (request) => filesApi.handle(request) ?? validateGoogleRequest(request, filesApi),
  });
  return Object.assign(server, { files: filesApi.files });
}
