/**
 * Anthropic's documented request rules for the Messages API, applied by the fake server so a plugin
 * that breaks one gets the 400 Anthropic would send (same body shape), not a silent pass.
 */
import type { FakeReply, RecordedRequest } from "../fake-server-types.js";
import { checkAnthropicMessages, hasToolBlocks } from "./anthropic-message-rules.js";
import {
  ANTHROPIC_REQUEST_FIELDS,
  checkAnthropicFieldShapes,
  checkAnthropicPrefill,
  checkAnthropicThinking,
} from "./anthropic-param-rules.js";

type Json = Record<string, unknown>;

/** Sampling fields, refused from API version 2026-10-21 on (even at their default values). */
const SAMPLING_FIELDS = new Set(["temperature", "top_p", "top_k"]);

const SAMPLING_REMOVED_IN = "2026-10-21";

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Anthropic's error reply: `{type:"error", error:{type, message}, request_id}` with a `request-id` header. */
export function anthropicRuleError(status: number, type: string, message: string): FakeReply {
  const requestId = "req_fake_rejected";
  return {
    kind: "json",
    status,
    headers: { "request-id": requestId },
    body: { type: "error", error: { type, message }, request_id: requestId },
  };
}

const invalid = (message: string) => anthropicRuleError(400, "invalid_request_error", message);

/** The API key a request carried: `x-api-key`, else `Authorization: Bearer` (what SDK 1.x sends). */
export function anthropicSentApiKey(request: RecordedRequest): string | undefined {
  const apiKey = request.headers["x-api-key"];
  if (apiKey) return apiKey;
  return /^Bearer (\S+)$/.exec(request.headers.authorization ?? "")?.[1];
}

function checkFields(body: Json, version: string): FakeReply | undefined {
  for (const field of Object.keys(body)) {
    if (ANTHROPIC_REQUEST_FIELDS.has(field)) continue;
    if (SAMPLING_FIELDS.has(field) && version < SAMPLING_REMOVED_IN) continue;
    return invalid(`${field}: Extra inputs are not permitted`);
  }
  if (typeof body.model !== "string") return invalid("model: Field required");
  if (body.max_tokens === undefined) return invalid("max_tokens: Field required");
  if (!Number.isInteger(body.max_tokens) || (body.max_tokens as number) < 1) {
    return invalid("max_tokens: Input should be a valid integer greater than or equal to 1");
  }
  if (!Array.isArray(body.messages)) return invalid("messages: Field required");
  return undefined;
}

function checkSystem(system: unknown): FakeReply | undefined {
  if (system === undefined || typeof system === "string") return undefined;
  if (!Array.isArray(system)) return invalid("system: Input should be a valid string or list of text blocks");
  for (const [index, block] of system.entries()) {
    if (!isObject(block) || block.type !== "text")
      return invalid(`system.${index}.type: Input should be 'text'`);
    if (typeof block.text !== "string" || block.text === "")
      return invalid("system: text content blocks must be non-empty");
  }
  return undefined;
}

function checkTools(body: Json): FakeReply | undefined {
  const tools = Array.isArray(body.tools) ? (body.tools as Json[]) : [];
  if (tools.length === 0 && hasToolBlocks(body.messages as unknown[])) {
    return invalid("Requests which include `tool_use` or `tool_result` blocks must define tools.");
  }
  const choice = body.tool_choice;
  if (isObject(choice) && choice.type === "tool" && !tools.some((tool) => tool.name === choice.name)) {
    return invalid(`tool_choice.name: Tool '${String(choice.name)}' not found in provided tools`);
  }
  return undefined;
}

/** Returns Anthropic's error reply for a request that breaks its rules, or undefined to let it pass. */
export function validateAnthropicRequest(request: RecordedRequest): FakeReply | undefined {
  if (request.method !== "POST" || request.path !== "/v1/messages") {
    return anthropicRuleError(404, "not_found_error", "Not Found");
  }
  if (anthropicSentApiKey(request) === undefined) {
    return anthropicRuleError(401, "authentication_error", "x-api-key header is required");
  }
  const version = request.headers["anthropic-version"];
  if (!version) return invalid("anthropic-version: header is required");
  const body = request.body;
  if (!isObject(body))
    return invalid("There was an error parsing the body of your request. Send valid JSON.");
  const problem = checkFields(body, version) ?? checkSystem(body.system);
  if (problem) return problem;
  const messagesProblem =
    checkAnthropicMessages(body.messages as unknown[]) ??
    checkAnthropicPrefill(body.messages as unknown[]) ??
    checkAnthropicFieldShapes(body) ??
    checkAnthropicThinking(body);
  return messagesProblem === undefined ? checkTools(body) : invalid(messagesProblem);
}
