import type { ChatMessage } from "../contract/messages.js";
import type { Target } from "../contract/request.js";
import type { ToolChoice, ToolDefinition } from "../contract/tools.js";
import { InvalidRequestError } from "../errors/provider-errors.js";

/** The four roles, compared directly: this runs for every message of every request. */
function isRole(role: unknown): boolean {
  return role === "user" || role === "assistant" || role === "tool" || role === "system";
}

function fail(target: Target, problem: string, fix: string): never {
  throw new InvalidRequestError(problem, { provider: target.provider, model: target.model, fix });
}

/**
 * Cheap checks of the caller's arguments before any hook or provider sees them, so a wrong call
 * fails at once with a clear message instead of as a provider 400 after retries.
 */
export function checkRequestInput(
  messages: ChatMessage[],
  tools: ToolDefinition[] | undefined,
  toolChoice: ToolChoice | undefined,
  target: Target,
): void {
  if (!Array.isArray(messages) || messages.length === 0) {
    fail(target, "messages must be a non-empty array", "pass the conversation as OpenAI-format messages");
  }
  for (let index = 0; index < messages.length; index++) {
    const message = messages[index];
    if (typeof message !== "object" || message === null || !isRole(message.role)) {
      fail(
        target,
        `messages[${index}] has no valid role`,
        "give each message a role of system, user, assistant or tool (OpenAI chat format)",
      );
    }
    if (message.role === "tool" && typeof message.tool_call_id !== "string") {
      fail(
        target,
        `messages[${index}] is a tool message without tool_call_id`,
        "set tool_call_id to the id of the call it answers",
      );
    }
  }
  if (tools !== undefined && !Array.isArray(tools))
    fail(target, "tools must be an array", "pass OpenAI-format tool definitions");
  if (tools) {
    for (let index = 0; index < tools.length; index++) {
      if (tools[index]?.type !== "function" || typeof tools[index].function?.name !== "string") {
        fail(
          target,
          `tools[${index}] is not a function tool`,
          "use { type: 'function', function: { name, parameters } }",
        );
      }
    }
  }
  if (
    toolChoice !== undefined &&
    typeof toolChoice === "object" &&
    typeof toolChoice.function?.name !== "string"
  ) {
    fail(
      target,
      "toolChoice names no function",
      "use 'auto', 'none', 'required' or { type: 'function', function: { name } }",
    );
  }
}
