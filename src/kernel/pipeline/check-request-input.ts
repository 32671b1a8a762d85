import type { ChatMessage } from "../../contract/messages.js";
import type { Target } from "../../contract/request.js";
import type { ToolChoice, ToolDefinition } from "../../contract/tools.js";
import { InvalidRequestError } from "../../errors/provider-errors.js";

const FORMAT_FIX = "see the message shapes in src/contract/messages.ts (OpenAI Chat Completions format)";

function fail(target: Target, pointer: string, problem: string, fix = FORMAT_FIX): never {
  throw new InvalidRequestError(`${pointer}: ${problem}`, {
    provider: target.provider,
    model: target.model,
    fix,
    pointer,
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** What a value is, for a message: never the value itself (it may be a prompt). */
function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return `a ${typeof value}`;
}

/** `/messages/<index>` and what follows: built only for an error, never for a valid message. */
const at = (index: number, rest = "") => `/messages/${index}${rest}`;

/** One part of a content array; `allowed` lists the part types the role takes. */
function checkPart(
  part: unknown,
  index: number,
  partIndex: number,
  allowed: readonly string[],
  target: Target,
): void {
  const where = (rest = "") => at(index, `/content/${partIndex}${rest}`);
  if (!isObject(part)) fail(target, where(), `a content part must be an object, not ${kindOf(part)}`);
  const type = part.type;
  if (type === "text") {
    if (typeof part.text !== "string") {
      fail(target, where("/text"), `a text part's text must be a string, not ${kindOf(part.text)}`);
    }
    return;
  }
  if (typeof type !== "string" || !allowed.includes(type)) {
    const shown = typeof type === "string" ? JSON.stringify(type.slice(0, 40)) : kindOf(type);
    fail(target, where("/type"), `a part of type ${shown} is not allowed here (use ${allowed.join(", ")})`);
  }
  if (type === "image_url" && !(isObject(part.image_url) && typeof part.image_url.url === "string")) {
    fail(target, where("/image_url"), "an image_url part needs image_url: { url }");
  }
  if (type === "file") {
    const file = part.file;
    if (!isObject(file) || (typeof file.file_data !== "string" && typeof file.file_id !== "string")) {
      fail(target, where("/file"), "a file part needs file: { file_data } or file: { file_id }");
    }
  }
}

const TEXT_ONLY = ["text"] as const;
const USER_PARTS = ["text", "image_url", "file"] as const;

/** A message's content: a string, or an array of the parts its role takes (never empty). */
function checkContent(content: unknown, index: number, allowed: readonly string[], target: Target): void {
  if (typeof content === "string") return;
  if (!Array.isArray(content)) {
    fail(
      target,
      at(index, "/content"),
      `content must be a string or an array of parts, not ${kindOf(content)}`,
    );
  }
  if (content.length === 0)
    fail(target, at(index, "/content"), "content is an empty array; give at least one part");
  for (let partIndex = 0; partIndex < content.length; partIndex++) {
    checkPart(content[partIndex], index, partIndex, allowed, target);
  }
}

function checkToolCalls(calls: unknown, index: number, target: Target, callIds: Set<string>): void {
  if (!Array.isArray(calls))
    fail(target, at(index, "/tool_calls"), `tool_calls must be an array, not ${kindOf(calls)}`);
  for (let callIndex = 0; callIndex < calls.length; callIndex++) {
    const call = calls[callIndex];
    if (!isObject(call) || typeof call.id !== "string" || call.id === "") {
      fail(target, at(index, `/tool_calls/${callIndex}/id`), "a tool call needs a non-empty string id");
    }
    const fn = call.function;
    if (!isObject(fn) || typeof fn.name !== "string" || typeof fn.arguments !== "string") {
      fail(
        target,
        at(index, `/tool_calls/${callIndex}/function`),
        "a tool call needs function: { name, arguments } with arguments as a JSON string",
      );
    }
    callIds.add(call.id);
  }
}

/** Every message, by its role's shape, and every tool message answering a call made before it. */
function checkMessages(messages: unknown, target: Target): void {
  if (!Array.isArray(messages) || messages.length === 0) {
    fail(
      target,
      "/messages",
      "messages must be a non-empty array",
      "pass the conversation as OpenAI-format messages",
    );
  }
  let callIds: Set<string> | undefined;
  let conversational = false;
  for (let index = 0; index < messages.length; index++) {
    const message: unknown = messages[index];
    if (!isObject(message)) fail(target, at(index), `a message must be an object, not ${kindOf(message)}`);
    const role = message.role;
    if (message.name !== undefined && typeof message.name !== "string") {
      fail(target, at(index, "/name"), `name must be a string, not ${kindOf(message.name)}`);
    }
    if (role === "user") {
      checkContent(message.content, index, USER_PARTS, target);
    } else if (role === "system") {
      checkContent(message.content, index, TEXT_ONLY, target);
      continue;
    } else if (role === "assistant") {
      const hasCalls = message.tool_calls !== undefined;
      if (hasCalls) {
        callIds ??= new Set();
        checkToolCalls(message.tool_calls, index, target, callIds);
      }
      if (message.content === null || message.content === undefined) {
        const refusal = typeof message.refusal === "string";
        if (!hasCalls && !refusal)
          fail(target, at(index, "/content"), "an assistant message needs content or tool_calls");
      } else {
        checkContent(message.content, index, TEXT_ONLY, target);
      }
    } else if (role === "tool") {
      if (typeof message.tool_call_id !== "string") {
        fail(
          target,
          at(index, "/tool_call_id"),
          "a tool message needs tool_call_id",
          "set tool_call_id to the id of the call it answers",
        );
      }
      if (!callIds?.has(message.tool_call_id)) {
        fail(
          target,
          at(index, "/tool_call_id"),
          `tool_call_id ${JSON.stringify(message.tool_call_id.slice(0, 64))} answers no tool call made before it in the conversation`,
          "keep the assistant message whose tool_calls holds this id before the tool message",
        );
      }
      checkContent(message.content, index, TEXT_ONLY, target);
    } else {
      fail(
        target,
        at(index, "/role"),
        "the message has no valid role",
        "give each message a role of system, user, assistant or tool (OpenAI chat format)",
      );
    }
    conversational = true;
  }
  if (!conversational) {
    fail(
      target,
      "/messages",
      "the conversation holds only system messages",
      "add the user's message after the system prompt",
    );
  }
}

function checkTools(tools: unknown, target: Target): ToolDefinition[] | undefined {
  if (tools === undefined) return undefined;
  if (!Array.isArray(tools))
    fail(target, "/tools", "tools must be an array", "pass OpenAI-format tool definitions");
  for (let index = 0; index < tools.length; index++) {
    const tool = tools[index];
    if (
      !isObject(tool) ||
      tool.type !== "function" ||
      !isObject(tool.function) ||
      typeof tool.function.name !== "string"
    ) {
      fail(
        target,
        `/tools/${index}`,
        "not a function tool",
        "use { type: 'function', function: { name, parameters } }",
      );
    }
  }
  return tools as ToolDefinition[];
}

const CHOICE_FIX =
  "use 'auto', 'none', 'required' or { type: 'function', function: { name } } naming one of tools";

function checkToolChoice(choice: unknown, tools: ToolDefinition[] | undefined, target: Target): void {
  if (choice === undefined || choice === "auto" || choice === "none") return;
  if (choice !== "required") {
    const named =
      isObject(choice) && choice.type === "function" && isObject(choice.function)
        ? choice.function.name
        : undefined;
    if (typeof named !== "string")
      fail(target, "/toolChoice", "toolChoice is not a valid choice", CHOICE_FIX);
    if (!tools?.some((tool) => tool.function.name === named)) {
      fail(target, "/toolChoice", "toolChoice names a function that is not among tools", CHOICE_FIX);
    }
  }
  if (!tools || tools.length === 0)
    fail(target, "/toolChoice", "toolChoice requires a tool, but no tools were given", CHOICE_FIX);
}

/**
 * Checks the caller's arguments once, before any hook or provider sees them, against the message
 * shapes of src/contract/messages.ts (the OpenAI Chat Completions format): a wrong call fails at
 * once with an InvalidRequestError whose `pointer` (`/messages/3/content`) says where, and no
 * request is sent, instead of a provider 400 or a plugin crash after retries.
 */
export function checkRequestInput(
  messages: ChatMessage[],
  tools: ToolDefinition[] | undefined,
  toolChoice: ToolChoice | undefined,
  target: Target,
): void {
  checkMessages(messages, target);
  checkToolChoice(toolChoice, checkTools(tools, target), target);
}
