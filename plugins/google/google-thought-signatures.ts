import { type AssistantExtension, type AssistantMessage, EXTENSION_FIELD } from "../../src/index.js";

/** The provider type this plugin registers, also the namespace of its assistant-message extension. */
export const GOOGLE_PROVIDER_TYPE = "google";

/**
 * Google's documented placeholder for a `functionCall` part whose thought signature is unknown
 * (history written by another model or provider): Gemini 3 then skips signature validation
 * instead of answering 400 (ai.google.dev/gemini-api/docs/thought-signatures).
 */
export const SKIP_THOUGHT_SIGNATURE = "skip_thought_signature_validator";

/** What one Gemini function call needs on the next turn, beyond its OpenAI-format tool call. */
export interface GoogleToolCallData {
  name: string;
  /** The ID Gemini returned, when it returned one; echoed back as `functionCall.id`. */
  id?: string;
  thoughtSignature?: string;
}

/** The extension's `data` for a Gemini turn. */
export interface GoogleTurnData {
  /** The signature Gemini put on a text part of the turn. */
  textSignature?: string;
  /** One entry per tool call of the turn, in the order of `tool_calls`. */
  toolCalls?: GoogleToolCallData[];
}

/** The model `isGemini3OrLater` answered for last, and its answer. */
let lastModel = { name: "", gemini3OrLater: false };

/**
 * Gemini 3 and later validate thought signatures on function calls (and take a thinking level);
 * earlier models do not. A prefixed name (`models/gemini-3-pro`) counts too.
 */
export function isGemini3OrLater(model: string): boolean {
  // An instance sends most requests to one model: the last answer is kept, not matched again.
  if (model === lastModel.name) return lastModel.gemini3OrLater;
  const match = /^(?:models\/)?gemini-(\d+)(?:[.-]|$)/.exec(model);
  const gemini3OrLater = match !== null && Number(match[1]) >= 3;
  lastModel = { name: model, gemini3OrLater };
  return gemini3OrLater;
}

export function buildGoogleExtension(model: string, data: GoogleTurnData): AssistantExtension | undefined {
  const hasCallData = data.toolCalls?.some((call) => call.id !== undefined || call.thoughtSignature) ?? false;
  if (data.textSignature === undefined && !hasCallData) return undefined;
  const stored: Record<string, unknown> = {};
  if (data.textSignature !== undefined) stored.textSignature = data.textSignature;
  if (hasCallData) stored.toolCalls = data.toolCalls;
  return { providerType: GOOGLE_PROVIDER_TYPE, model, data: stored };
}

/** The Gemini data of an assistant message, or undefined when another provider wrote it. */
export function readGoogleTurnData(message: AssistantMessage): GoogleTurnData | undefined {
  const extension = message[EXTENSION_FIELD];
  if (!extension || extension.providerType !== GOOGLE_PROVIDER_TYPE) return undefined;
  const data = extension.data ?? {};
  const textSignature = typeof data.textSignature === "string" ? data.textSignature : undefined;
  const toolCalls = Array.isArray(data.toolCalls) ? data.toolCalls.map(readToolCallData) : undefined;
  return { textSignature, toolCalls };
}

function readToolCallData(value: unknown): GoogleToolCallData {
  const entry = (typeof value === "object" && value !== null ? value : {}) as Record<string, unknown>;
  return {
    name: typeof entry.name === "string" ? entry.name : "",
    id: typeof entry.id === "string" ? entry.id : undefined,
    thoughtSignature: typeof entry.thoughtSignature === "string" ? entry.thoughtSignature : undefined,
  };
}

/**
 * The stored data of each tool call of `message`, matched by position, or undefined when there is
 * none. Used only when the stored list still describes the same calls (same count, same names in
 * order): history edited by the application after the fact gets no stale signatures. `turnData`
 * is the message's, when the caller already read it.
 */
export function matchToolCallData(
  message: AssistantMessage,
  turnData: GoogleTurnData | undefined = readGoogleTurnData(message),
): GoogleToolCallData[] | undefined {
  const calls = message.tool_calls ?? [];
  const stored = turnData?.toolCalls;
  if (stored === undefined || stored.length !== calls.length) return undefined;
  for (let index = 0; index < stored.length; index++) {
    if (stored[index].name !== calls[index].function.name) return undefined;
  }
  return stored;
}
