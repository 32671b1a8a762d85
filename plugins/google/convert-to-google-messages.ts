import {
  type AssistantMessage,
  type ChatMessage,
  InvalidRequestError,
  type ToolCall,
  type ToolMessage,
} from "../../src/index.js";
import { convertGoogleToolResults } from "./convert-google-tool-results.js";
import { convertGoogleUserContent, convertGoogleUserText } from "./convert-google-user-content.js";
import type { GoogleContent, GoogleFunctionCall, GoogleRequestPart } from "./google-api-types.js";
import {
  type GoogleToolCallData,
  type GoogleTurnData,
  isGemini3OrLater,
  matchToolCallData,
  readGoogleTurnData,
  SKIP_THOUGHT_SIGNATURE,
} from "./google-thought-signatures.js";
import { parseGoogleFunctionArgs } from "./parse-google-function-args.js";
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
      const content = message.content;
      // Text has no media to resolve: no await, which would cost a microtask per message.
      const parts =
        typeof content === "string"
          ? convertGoogleUserText(content)
          : await convertGoogleUserContent(content, context);
      append(contents, "user", parts);
    } else if (message.role === "assistant") {
      const turnData = readGoogleTurnData(message);
      const callData = matchToolCallData(message, turnData);
      append(contents, "model", convertAssistant(message, turnData, callData, context));
      if (!message.tool_calls?.length) continue;
      const results = collectToolMessages(messages, index + 1);
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

/** Appends one message's parts (a new array, which a new turn may own). */
function append(contents: GoogleContent[], role: GoogleContent["role"], parts: GoogleRequestPart[]): void {
  if (parts.length === 0) return;
  const last = contents.length > 0 ? contents[contents.length - 1] : undefined;
  if (last?.role === role) for (const part of parts) last.parts.push(part);
  else contents.push({ role, parts });
}

/**
 * An assistant turn: its text, then one `functionCall` per tool call, each with the ID Gemini
 * gave it (if any) and its thought signature back on the same part. Without stored signatures
 * (the turn came from another provider or lost them) a Gemini 3 model gets Google's documented
 * skip placeholder on each call instead of refusing the request with a 400.
 */
function convertAssistant(
  message: AssistantMessage,
  turnData: GoogleTurnData | undefined,
  callData: GoogleToolCallData[] | undefined,
  context: GoogleMessagesContext,
): GoogleRequestPart[] {
  const parts: GoogleRequestPart[] = [];
  const text = message.content === null ? "" : textOf(message.content);
  const textSignature = turnData?.textSignature;
  if (text !== "") parts.push(textSignature ? { text, thoughtSignature: textSignature } : { text });
  const calls = message.tool_calls ?? [];
  const signed = callData?.some((data) => data?.thoughtSignature) ?? false;
  const placeholder = !signed && isGemini3OrLater(context.model) ? SKIP_THOUGHT_SIGNATURE : undefined;
  for (let index = 0; index < calls.length; index++) {
    parts.push(convertCall(calls[index], callData?.[index], placeholder, context));
  }
  return parts;
}

function convertCall(
  call: ToolCall,
  data: GoogleToolCallData | undefined,
  placeholder: string | undefined,
  context: GoogleMessagesContext,
): GoogleRequestPart {
  const name = call.function.name;
  const args = parseGoogleFunctionArgs(call, context);
  const functionCall: GoogleFunctionCall = data?.id ? { name, args, id: data.id } : { name, args };
  const thoughtSignature = data?.thoughtSignature ?? placeholder;
  return thoughtSignature ? { functionCall, thoughtSignature } : { functionCall };
}

function textOf(content: string | { text: string }[]): string {
  return typeof content === "string" ? content : content.map((part) => part.text).join("");
}
