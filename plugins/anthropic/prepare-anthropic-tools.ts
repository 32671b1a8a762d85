import { InvalidRequestError, type ToolChoice, type ToolDefinition } from "../../src/index.js";
import type { AnthropicTool, AnthropicToolChoice } from "./anthropic-api-types.js";
import type { ConversionTarget } from "./convert-anthropic-user-content.js";

export interface AnthropicToolsInput {
  tools?: readonly ToolDefinition[];
  toolChoice?: ToolChoice;
  /** Tool names the history's calls used (see `convertToAnthropicMessages`). */
  historyToolNames: readonly string[];
  /** Whether the converted history holds tool_use or tool_result blocks. */
  hasToolBlocks: boolean;
  /** OpenAI's `parallel_tool_calls` client param; `false` becomes `disable_parallel_tool_use`. */
  parallelToolCalls?: unknown;
}

export interface PreparedAnthropicTools {
  tools?: AnthropicTool[];
  tool_choice?: AnthropicToolChoice;
}

/** The `input_schema` of a tool declared without parameters: an object with no properties. */
const EMPTY_OBJECT_SCHEMA = { type: "object", properties: {} };

/**
 * OpenAI-format tools and tool choice in Anthropic's form: `{name, description, input_schema}`;
 * `auto` -> `{type:"auto"}`, `none` -> `{type:"none"}`, `required` -> `{type:"any"}`, a named
 * function -> `{type:"tool", name}`.
 *
 * Anthropic refuses a request whose history holds tool_use or tool_result blocks unless it
 * defines `tools`. When the caller offers no tools but the history used some, this declares the
 * history's tools by name with an empty schema and sets `tool_choice: none`, so the request is
 * accepted and the model still cannot call a tool the caller did not offer for this turn.
 */
export function prepareAnthropicTools(
  input: AnthropicToolsInput,
  target: ConversionTarget,
): PreparedAnthropicTools {
  const tools = input.tools ?? [];
  if (tools.length === 0) return prepareWithoutTools(input, target);
  const prepared: AnthropicTool[] = tools.map((tool) => ({
    name: tool.function.name,
    ...(tool.function.description ? { description: tool.function.description } : {}),
    input_schema: tool.function.parameters ?? EMPTY_OBJECT_SCHEMA,
  }));
  const toolChoice = mapToolChoice(input.toolChoice, input.parallelToolCalls === false);
  if (toolChoice?.type === "tool" && !prepared.some((tool) => tool.name === toolChoice.name)) {
    throw refuse(
      `toolChoice names the tool ${JSON.stringify(toolChoice.name)}, which is not among the tools`,
      target,
    );
  }
  return toolChoice === undefined ? { tools: prepared } : { tools: prepared, tool_choice: toolChoice };
}

function prepareWithoutTools(input: AnthropicToolsInput, target: ConversionTarget): PreparedAnthropicTools {
  const choice = input.toolChoice;
  if (choice === "required" || (typeof choice === "object" && choice !== null)) {
    throw refuse(`toolChoice ${JSON.stringify(choice)} was given without any tools`, target);
  }
  if (!input.hasToolBlocks || input.historyToolNames.length === 0) return {};
  return {
    tools: input.historyToolNames.map((name) => ({ name, input_schema: EMPTY_OBJECT_SCHEMA })),
    tool_choice: { type: "none" },
  };
}

function mapToolChoice(
  choice: ToolChoice | undefined,
  disableParallel: boolean,
): AnthropicToolChoice | undefined {
  const parallel = disableParallel ? { disable_parallel_tool_use: true } : {};
  if (choice === undefined) return disableParallel ? { type: "auto", ...parallel } : undefined;
  if (choice === "none") return { type: "none" };
  if (choice === "auto") return { type: "auto", ...parallel };
  if (choice === "required") return { type: "any", ...parallel };
  return { type: "tool", name: choice.function.name, ...parallel };
}

function refuse(problem: string, target: ConversionTarget): InvalidRequestError {
  return new InvalidRequestError(problem, {
    provider: target.provider,
    model: target.model,
    fix: "pass the tools the toolChoice refers to, or leave toolChoice out",
  });
}
