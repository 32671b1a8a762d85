import { ContentFilterError, type LLMOutput, LLMProviderError, type ToolCallItem } from "../../src/index.js";
import { findUnusableGoogleToolCall } from "./check-google-tool-calls.js";
import type { GoogleCandidate, GoogleResponse, GoogleResponsePart } from "./google-api-types.js";
import { buildGoogleExtension, type GoogleToolCallData } from "./google-thought-signatures.js";
import { GoogleToolCallIdAssigner } from "./google-tool-call-id.js";
import { mapGoogleFinishReason } from "./map-google-finish-reason.js";
import { mapGoogleUsage } from "./map-google-usage.js";

export interface GoogleResponseTarget {
  /** Provider instance name. */
  provider: string;
  /** The model the request named. */
  model: string;
}

/**
 * A `GenerateContentResponse` to the runtime's output. A prompt Gemini blocked (no candidate,
 * `promptFeedback.blockReason`) is a ContentFilterError, never an empty success; a function call
 * without a name is a `malformed_tool_call` provider_error. Otherwise total: a field of the wrong
 * type reads as absent (`modelVersion` falls back to the requested model). `toolCallIds`, when
 * given, are the IDs a stream already announced for the calls, in order.
 */
export function mapGoogleResponse(
  response: GoogleResponse,
  target: GoogleResponseTarget,
  toolCallIds?: readonly string[],
): LLMOutput {
  const candidate = Array.isArray(response.candidates) ? response.candidates[0] : undefined;
  if (typeof candidate !== "object" || candidate === null) throw googleNoCandidateError(response, target);
  const parts = responseParts(candidate);
  const unusable = findUnusableGoogleToolCall(parts, target);
  if (unusable) throw unusable;
  const responseId = textOf(response.responseId);
  const toolCalls = mapToolCalls(parts, toolCallIds ?? assignToolCallIds(parts, responseId));
  const usage = mapGoogleUsage(response.usageMetadata);
  const rawFinishReason = textOf(candidate.finishReason) ?? null;
  const output: LLMOutput = {
    content: joinText(parts, false),
    toolCalls: toolCalls.items.length > 0 ? toolCalls.items : null,
    usage,
    finishReason: mapGoogleFinishReason(rawFinishReason, toolCalls.items.length > 0),
    provider: target.provider,
    model: textOf(response.modelVersion) || target.model,
    reasoningInfo: {
      reasoningTokens: usage.reasoningTokens ?? 0,
      reasoningText: joinText(parts, true),
      rawFinishReason,
      usage,
    },
    attempts: [],
  };
  const textSignature = textOf(
    parts.find((part) => !part.functionCall && part.thoughtSignature)?.thoughtSignature,
  );
  const extension = buildGoogleExtension(target.model, { textSignature, toolCalls: toolCalls.data });
  if (extension) output.extension = extension;
  return output;
}

/** The candidate's parts that are objects; `parts` of another type reads as none. */
export function responseParts(candidate: GoogleCandidate): GoogleResponsePart[] {
  const parts: unknown = candidate.content?.parts;
  if (!Array.isArray(parts)) return [];
  return parts.filter((part): part is GoogleResponsePart => typeof part === "object" && part !== null);
}

function textOf(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** Answer text, or thought-summary text (`thought: true` parts), joined; null when there is none. */
function joinText(parts: GoogleResponsePart[], thoughts: boolean): string | null {
  let text = "";
  for (const part of parts) {
    if (typeof part.text === "string" && !part.functionCall && (part.thought === true) === thoughts)
      text += part.text;
  }
  return text === "" ? null : text;
}

function mapToolCalls(parts: GoogleResponsePart[], ids: readonly string[]) {
  const items: ToolCallItem[] = [];
  const data: GoogleToolCallData[] = [];
  for (const part of parts) {
    const call = part.functionCall;
    if (!call) continue;
    const name = textOf(call.name) ?? "";
    const nativeId = typeof call.id === "string" && call.id !== "" ? call.id : undefined;
    const id = ids[items.length] ?? "";
    items.push({ id, type: "function", function: { name, arguments: JSON.stringify(call.args ?? {}) } });
    data.push({ name, id: nativeId, thoughtSignature: textOf(part.thoughtSignature) });
  }
  return { items, data };
}

/** The IDs of a whole reply's calls, assigned in part order as a stream would assign them. */
function assignToolCallIds(parts: GoogleResponsePart[], responseId: string | undefined): string[] {
  if (!parts.some((part) => part.functionCall)) return [];
  const assigner = new GoogleToolCallIdAssigner(responseId);
  const ids: string[] = [];
  for (const part of parts) {
    const call = part.functionCall;
    if (call) ids.push(assigner.next({ name: textOf(call.name) ?? "", args: call.args ?? {}, id: call.id }));
    else if (typeof part.text === "string" && part.thought !== true) assigner.noteText(part.text);
  }
  return ids;
}

/** The error for a response without a candidate: a blocked prompt, or an empty answer. */
export function googleNoCandidateError(
  response: GoogleResponse,
  target: GoogleResponseTarget,
): LLMProviderError {
  const blockReason = textOf(response.promptFeedback?.blockReason);
  if (blockReason) {
    const detail = textOf(response.promptFeedback?.blockReasonMessage);
    return new ContentFilterError(
      `Gemini blocked the prompt (${blockReason}${detail ? `: ${detail}` : ""})`,
      {
        provider: target.provider,
        model: target.model,
        providerCode: blockReason,
      },
    );
  }
  return new LLMProviderError("provider_error", "Gemini answered with no candidate and no block reason", {
    provider: target.provider,
    model: target.model,
    // Gemini sends empty responses now and then under load; another attempt usually answers.
    retryable: true,
    fix: "retry the request; if it persists, report the response to the plugin's maintainers",
  });
}
