import {
  type AssistantMessage,
  type ChatMessage,
  InvalidRequestError,
  type ToolCall,
  type ToolMessage,
} from "../../src/index.js";
import { convertGoogleToolResults } from "./convert-google-tool-results.js";
import { convertGoogleUserContent } from "./convert-google-user-content.js";
import type { GoogleContent, GoogleRequestPart } from "./google-api-types.js";
import {
  type GoogleToolCallData,
  isGemini3OrLater,
  matchToolCallData,
  readGoogleTurnData,
  SKIP_THOUGHT_SIGNATURE,
} from "./google-thought-signatures.js";
import type { GoogleMediaResolver } from "./resolve-google-media.js";

export interface GoogleMessagesContext {
  /** Provider instance name, for errors. */
  provider: string;
  /** The model the request goes to: Gemini 3 and later need signatures on function calls. */
  model: string;
  resolveMedia: GoogleMediaResolver;
}

export interface GoogleMessages {
  systemInstruction?: { parts: { text: string }[] };
  contents: GoogleContent[];
}

/**
 * OpenAI-format history to Gemini `contents`: system messages become `systemInstruction`;
 * `assistant` becomes role `model`; the tool messages after an assistant turn become one user
 * turn of `functionResponse` parts; consecutive turns of one role are merged (Gemini wants roles
 * to alternate).
 */
export async function convertToGoogleMessages(
  messages: ChatMessage[],
  context: GoogleMessagesContext,
): Promise<GoogleMessages> {
  const system: string[] = [];
  const contents: GoogleContent[] = [];
  for (let index = 0; index < messages.length; index++) {
    const message = messages[index];
    if (message.role === "system") {
      system.push(textOf(message.content));
    } else if (message.role === "user") {
      append(contents, "user", await convertGoogleUserContent(message.content, context));
    } else if (message.role === "assistant") {
      append(contents, "model", convertAssistant(message, context));
      if (!message.tool_calls?.length) continue;
      const results = collectToolMessages(messages, index + 1);
      const callData = matchToolCallData(message);
      append(contents, "user", convertGoogleToolResults(message, results, callData, context));
      index += results.length;
    } else {
      throw new InvalidRequestError(
        `history: tool message "${message.tool_call_id}" follows no assistant tool call`,
        {
          provider: context.provider,
          model: context.model,
          fix: "put each tool message right after the assistant message whose tool_calls it answers",
        },
      );
    }
  }
  const instruction = system.filter((text) => text !== "").join("\n\n");
  return instruction === ""
    ? { contents }
    : { systemInstruction: { parts: [{ text: instruction }] }, contents };
}

function collectToolMessages(messages: ChatMessage[], start: number): ToolMessage[] {
  const results: ToolMessage[] = [];
  for (let index = start; index < messages.length && messages[index].role === "tool"; index++) {
    results.push(messages[index] as ToolMessage);
  }
  return results;
}

function append(contents: GoogleContent[], role: GoogleContent["role"], parts: GoogleRequestPart[]): void {
  if (parts.length === 0) return;
  const last = contents.at(-1);
  if (last?.role === role) last.parts.push(...parts);
  else contents.push({ role, parts });
}

/**
 * An assistant turn: its text, then one `functionCall` per tool call, each with the ID Gemini
 * gave it (if any) and its thought signature back on the same part. Without stored signatures
 * (the turn came from another provider or lost them) a Gemini 3 model gets Google's documented
 * skip placeholder on each call instead of refusing the request with a 400.
 */
function convertAssistant(message: AssistantMessage, context: GoogleMessagesContext): GoogleRequestPart[] {
  const parts: GoogleRequestPart[] = [];
  const text = message.content === null ? "" : textOf(message.content);
  const textSignature = readGoogleTurnData(message)?.textSignature;
  if (text !== "") parts.push({ text, ...(textSignature ? { thoughtSignature: textSignature } : {}) });
  const calls = message.tool_calls ?? [];
  const callData = matchToolCallData(message);
  const signed = callData.some((data) => data?.thoughtSignature);
  const placeholder = !signed && isGemini3OrLater(context.model) ? SKIP_THOUGHT_SIGNATURE : undefined;
  for (const [index, call] of calls.entries()) {
    parts.push(convertCall(call, callData[index], placeholder, context));
  }
  return parts;
}

function convertCall(
  call: ToolCall,
  data: GoogleToolCallData | undefined,
  placeholder: string | undefined,
  context: GoogleMessagesContext,
): GoogleRequestPart {
  const functionCall = {
    name: call.function.name,
    args: parseArguments(call, context),
    ...(data?.id ? { id: data.id } : {}),
  };
  const thoughtSignature = data?.thoughtSignature ?? placeholder;
  return { functionCall, ...(thoughtSignature ? { thoughtSignature } : {}) };
}

/** Gemini takes arguments as an object; OpenAI-compatible servers send "" for none. */
function parseArguments(call: ToolCall, context: GoogleMessagesContext): Record<string, unknown> {
  if (call.function.arguments.trim() === "") return {};
  try {
    const parsed: unknown = JSON.parse(call.function.arguments);
    if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed))
      return parsed as Record<string, unknown>;
  } catch {
    // Reported below, with the call it concerns.
  }
  throw new InvalidRequestError(`history: the arguments of tool call "${call.id}" are not a JSON object`, {
    provider: context.provider,
    model: context.model,
    fix: `repair tool_calls[].function.arguments of call "${call.id}" in the history (a JSON object text)`,
  });
}

function textOf(content: string | { text: string }[]): string {
  return typeof content === "string" ? content : content.map((part) => part.text).join("");
}
