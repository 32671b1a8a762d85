/**
 * Anthropic's documented rules for the `messages` of a Messages request, as the fake server
 * enforces them: each problem is reported in Anthropic's words, with the JSON path it names.
 */

type Json = Record<string, unknown>;

/** A rule a request broke: the message Anthropic answers 400 with. */
export type RuleProblem = string;

/** Anthropic's rule for `tool_use.id` and `tool_result.tool_use_id`. */
const TOOL_CALL_ID = /^[a-zA-Z0-9_-]+$/;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function blocksOf(message: Json): Json[] {
  if (typeof message.content === "string") return [{ type: "text", text: message.content }];
  return Array.isArray(message.content) ? message.content.filter(isObject) : [];
}

/** Checks one content block of `messages[index]`. */
function checkBlock(block: Json, where: string, role: string): RuleProblem | undefined {
  if (block.type === "text") {
    if (typeof block.text !== "string" || block.text === "")
      return "messages: text content blocks must be non-empty";
    if (role === "user" && Array.isArray(block.citations) && block.citations.length > 0) {
      return `${where}.citations: citations are not permitted on text blocks in user messages`;
    }
  }
  if (block.type === "tool_use" && !TOOL_CALL_ID.test(String(block.id))) {
    return `${where}.id: String should match pattern '^[a-zA-Z0-9_-]+$'`;
  }
  if (block.type === "tool_result" && !TOOL_CALL_ID.test(String(block.tool_use_id))) {
    return `${where}.tool_use_id: String should match pattern '^[a-zA-Z0-9_-]+$'`;
  }
  if (block.type === "document" && role === "assistant") {
    return `${where}: document blocks are not permitted in assistant messages`;
  }
  return undefined;
}

function checkShape(message: unknown, index: number, isLast: boolean): RuleProblem | undefined {
  if (!isObject(message) || (message.role !== "user" && message.role !== "assistant")) {
    return `messages.${index}.role: Input should be 'user' or 'assistant'`;
  }
  const empty =
    message.content === "" ||
    (Array.isArray(message.content) && message.content.length === 0) ||
    !message.content;
  if (empty && !(isLast && message.role === "assistant")) {
    return `messages.${index}: all messages must have non-empty content except for the optional final assistant message`;
  }
  for (const [blockIndex, block] of blocksOf(message).entries()) {
    const problem = checkBlock(block, `messages.${index}.content.${blockIndex}`, message.role);
    if (problem) return problem;
  }
  return undefined;
}

/**
 * A tool_use needs a tool_result in the next message, unless a server tool made it (programmatic
 * tool calling: `caller.tool_id`) and that server tool's result already follows in the same turn.
 */
function needsResult(block: Json, blocks: Json[]): boolean {
  if (block.type !== "tool_use") return false;
  const callerId = isObject(block.caller) ? block.caller.tool_id : undefined;
  if (typeof callerId !== "string") return true;
  return !blocks.some(
    (other) =>
      typeof other.type === "string" && other.type.endsWith("_tool_result") && other.tool_use_id === callerId,
  );
}

/** Every tool_use must be answered at the start of the very next (user) message. */
function checkPairing(messages: Json[]): RuleProblem | undefined {
  let open: string[] = [];
  for (const [index, message] of messages.entries()) {
    const blocks = blocksOf(message);
    const results = blocks
      .filter((block) => block.type === "tool_result")
      .map((block) => String(block.tool_use_id));
    const firstOther = blocks.findIndex((block) => block.type !== "tool_result");
    const lastResult = blocks.map((block) => block.type).lastIndexOf("tool_result");
    if (results.length > 0 && firstOther !== -1 && firstOther < lastResult) {
      return `messages.${index}: \`tool_result\` blocks must come before any other content in the user message`;
    }
    const missing = open.filter((id) => !results.includes(id));
    if (missing.length > 0) {
      return `messages.${index}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${missing.join(", ")}. Each \`tool_use\` block must have a corresponding \`tool_result\` block in the next message.`;
    }
    const unexpected = results.find((id) => !open.includes(id));
    if (unexpected !== undefined) {
      return `messages.${index}.content.0: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${unexpected}. Each \`tool_result\` block must have a corresponding \`tool_use\` block in the previous message.`;
    }
    open = blocks.filter((block) => needsResult(block, blocks)).map((block) => String(block.id));
  }
  if (open.length > 0) {
    return `messages.${messages.length - 1}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${open.join(", ")}. Each \`tool_use\` block must have a corresponding \`tool_result\` block in the next message.`;
  }
  return undefined;
}

function checkAlternation(messages: Json[]): RuleProblem | undefined {
  for (let index = 1; index < messages.length; index++) {
    if (messages[index].role === messages[index - 1].role) {
      return `messages: roles must alternate between "user" and "assistant", but found multiple "${String(messages[index].role)}" roles in a row`;
    }
  }
  return undefined;
}

/** Whether any message holds a tool_use or tool_result block. */
export function hasToolBlocks(messages: unknown[]): boolean {
  return messages
    .filter(isObject)
    .some((message) =>
      blocksOf(message).some((block) => block.type === "tool_use" || block.type === "tool_result"),
    );
}

/** Returns the first rule `messages` breaks, in Anthropic's words, or undefined. */
export function checkAnthropicMessages(messages: unknown[]): RuleProblem | undefined {
  if (messages.length === 0) return "messages: at least one message is required";
  for (const [index, message] of messages.entries()) {
    const problem = checkShape(message, index, index === messages.length - 1);
    if (problem) return problem;
  }
  const checked = messages as Json[];
  return checkAlternation(checked) ?? checkPairing(checked);
}
