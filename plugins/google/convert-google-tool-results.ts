import {
  type AssistantMessage,
  InvalidRequestError,
  quoteUntrusted,
  type ToolCall,
  type ToolMessage,
} from "../../src/index.js";
import type { GoogleRequestPart } from "./google-api-types.js";
import type { GoogleToolCallData } from "./google-thought-signatures.js";

export interface ToolResultContext {
  provider: string;
  model: string;
}

/**
 * The tool messages answering one assistant turn, as `functionResponse` parts for ONE user turn:
 * exactly one per call, in the order of the calls, each paired with its call by ID and named
 * after that call (never after the tool message's `name`, never by position alone), so two
 * parallel calls to one function keep their results apart. Gemini requires as many responses as
 * there were calls: a missing, unknown or repeated result is refused here, with
 * the call it concerns, rather than by a 400 from Gemini.
 */
export function convertGoogleToolResults(
  assistant: AssistantMessage,
  results: ToolMessage[],
  callData: readonly (GoogleToolCallData | undefined)[] | undefined,
  context: ToolResultContext,
): GoogleRequestPart[] {
  const calls = assistant.tool_calls ?? [];
  const answers = answersInCallOrder(calls, results) ?? pairAnswers(calls, results, context);
  const parts: GoogleRequestPart[] = [];
  for (let index = 0; index < calls.length; index++) {
    const call = calls[index];
    const answer = answers[index];
    if (!answer) {
      throw pairingError(
        `tool call ${quoteUntrusted(call.id)} (${quoteUntrusted(call.function.name)}) has no tool message answering it`,
        context,
      );
    }
    const name = call.function.name;
    const response = toResponseObject(answer);
    const id = callData?.[index]?.id;
    parts.push({ functionResponse: id ? { name, response, id } : { name, response } });
  }
  return parts;
}

/** Calls this many or fewer are checked for repeated ids pair by pair, without a lookup table. */
const FEW_CALLS = 8;

/**
 * The usual case, found without a lookup table: one result per call, in the order of the calls,
 * and no two calls sharing an id. Undefined otherwise (then `pairAnswers` decides, or refuses).
 */
function answersInCallOrder(calls: readonly ToolCall[], results: ToolMessage[]): ToolMessage[] | undefined {
  if (results.length !== calls.length || calls.length > FEW_CALLS) return undefined;
  for (let index = 0; index < calls.length; index++) {
    const id = calls[index].id;
    if (results[index].tool_call_id !== id) return undefined;
    for (let earlier = 0; earlier < index; earlier++) if (calls[earlier].id === id) return undefined;
  }
  return results;
}

/** Each call's answer by id; a repeated call id, or an unknown or repeated answer, is refused. */
function pairAnswers(
  calls: readonly ToolCall[],
  results: ToolMessage[],
  context: ToolResultContext,
): (ToolMessage | undefined)[] {
  const indexById = new Map<string, number>();
  for (const [index, call] of calls.entries()) {
    if (indexById.has(call.id))
      throw pairingError(`two tool calls share the id ${quoteUntrusted(call.id)}`, context);
    indexById.set(call.id, index);
  }
  const answers: (ToolMessage | undefined)[] = calls.map(() => undefined);
  for (const result of results) {
    const index = indexById.get(result.tool_call_id);
    if (index === undefined) {
      throw pairingError(
        `a tool message answers "${result.tool_call_id}", which the assistant did not call`,
        context,
      );
    }
    if (answers[index]) throw pairingError(`two tool messages answer "${result.tool_call_id}"`, context);
    answers[index] = result;
  }
  return answers;
}

/**
 * Gemini wants an object: a JSON object or array the tool returned goes as structured `output`,
 * anything else as the text it is.
 */
function toResponseObject(message: ToolMessage): Record<string, unknown> {
  const text =
    typeof message.content === "string" ? message.content : message.content.map((part) => part.text).join("");
  const trimmed = text.trim();
  if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
    try {
      return { output: JSON.parse(trimmed) as unknown };
    } catch {
      // Not JSON after all: sent as text below.
    }
  }
  return { output: text };
}

function pairingError(problem: string, context: ToolResultContext): InvalidRequestError {
  return new InvalidRequestError(`history: ${problem}`, {
    provider: context.provider,
    model: context.model,
    fix: "follow each assistant message that has tool_calls with one tool message per call, whose tool_call_id is the call's id",
  });
}
