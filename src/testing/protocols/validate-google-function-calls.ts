/**
 * Gemini's documented rules for function calling, as the fake server enforces them:
 * - the user turn after a model turn with `functionCall` parts holds exactly as many
 *   `functionResponse` parts (ai.google.dev function-calling docs; gemini-cli#4217);
 * - each response answers its call: by `id` when the call has one, else by position, and names the
 *   call's function;
 * - for Gemini 3 and later, the first `functionCall` part of each model turn carries a
 *   `thoughtSignature`, real or Google's `skip_thought_signature_validator` placeholder
 *   (ai.google.dev/gemini-api/docs/thought-signatures);
 * - function declarations send `parameters` (Gemini's OpenAPI subset) or `parametersJsonSchema`,
 *   never both, and `parameters` holds none of the JSON Schema keywords the subset lacks.
 */
import type { FakeReply } from "../fake-server-types.js";
import { googleErrorReply } from "./google-error-replies.js";

type Json = Record<string, unknown>;

function invalid(message: string): FakeReply {
  return googleErrorReply({ status: 400, message });
}

function partsOf(content: Json): Json[] {
  return Array.isArray(content.parts) ? (content.parts as Json[]) : [];
}

/** Gemini 3 and later enforce thought signatures on function calls. */
export function enforcesThoughtSignatures(model: string): boolean {
  const major = /^(?:models\/)?gemini-(\d+)(?:[.-]|$)/.exec(model)?.[1];
  return major !== undefined && Number(major) >= 3;
}

export function checkFunctionTurns(contents: Json[], model: string): FakeReply | undefined {
  for (const [index, content] of contents.entries()) {
    const calls = partsOf(content).filter((part) => part.functionCall !== undefined);
    const responses = partsOf(content).filter((part) => part.functionResponse !== undefined);
    if (responses.length > 0) {
      const previous = index > 0 ? contents[index - 1] : undefined;
      const previousCalls = previous
        ? partsOf(previous).filter((part) => part.functionCall !== undefined)
        : [];
      if (previousCalls.length === 0) {
        return invalid(
          `* GenerateContentRequest.contents[${index}]: function response parts must follow a function call turn.`,
        );
      }
    }
    if (calls.length === 0) continue;
    if (content.role !== "model")
      return invalid(`* GenerateContentRequest.contents[${index}]: function calls must come from the model.`);
    if (enforcesThoughtSignatures(model) && typeof calls[0].thoughtSignature !== "string") {
      const name = String((calls[0].functionCall as Json).name);
      return invalid(
        `Function call is missing a thought_signature in functionCall parts. This is required for tools to work correctly, and missing thought_signature may lead to degraded model performance. Additional data, function call \`${name}\` , position ${index + 1}. Please refer to https://ai.google.dev/gemini-api/docs/thought-signatures for more details.`,
      );
    }
    const next = contents[index + 1];
    const answers = next ? partsOf(next).filter((part) => part.functionResponse !== undefined) : [];
    if (next?.role !== "user" || answers.length !== calls.length) {
      return invalid(
        "Please ensure that the number of function response parts is equal to the number of function call parts of the function call turn.",
      );
    }
    const problem = checkPairs(
      calls.map((part) => part.functionCall as Json),
      answers.map((part) => part.functionResponse as Json),
    );
    if (problem) return problem;
  }
  return undefined;
}

function checkPairs(calls: Json[], responses: Json[]): FakeReply | undefined {
  const byId = new Map(
    calls.filter((call) => typeof call.id === "string").map((call) => [call.id as string, call]),
  );
  for (const [position, response] of responses.entries()) {
    const call =
      typeof response.id === "string" ? byId.get(response.id) : byId.size === 0 ? calls[position] : undefined;
    if (!call) {
      return invalid(
        `functionResponse.id ${JSON.stringify(response.id ?? null)} does not match any functionCall.id of the function call turn.`,
      );
    }
    if (response.name !== call.name) {
      return invalid(
        `functionResponse.name "${String(response.name)}" does not match functionCall.name "${String(call.name)}".`,
      );
    }
    if (
      typeof response.response !== "object" ||
      response.response === null ||
      Array.isArray(response.response)
    ) {
      return invalid(
        "* GenerateContentRequest.contents.parts.function_response.response: must be a JSON object.",
      );
    }
  }
  return undefined;
}

/** JSON Schema keywords Gemini's OpenAPI `Schema` does not have: a 400 for the whole request. */
const NOT_IN_OPENAPI_SUBSET = [
  "$ref",
  "$defs",
  "definitions",
  "$schema",
  "additionalProperties",
  "const",
  "oneOf",
  "allOf",
  "default",
  "exclusiveMinimum",
  "exclusiveMaximum",
];

function findUnknownKeyword(schema: unknown, path: string): string | undefined {
  if (typeof schema !== "object" || schema === null) return undefined;
  const node = schema as Json;
  const unknown = NOT_IN_OPENAPI_SUBSET.find((keyword) => keyword in node);
  if (unknown)
    return `Invalid JSON payload received. Unknown name "${unknown}" at '${path}': Cannot find field.`;
  if (Array.isArray(node.type))
    return `Invalid value at '${path}.type', "${JSON.stringify(node.type)}": a type must be a single name.`;
  if (node.anyOf !== undefined && node.type !== undefined)
    return `* ${path}: anyOf must be the only field set besides metadata.`;
  const children: Array<[string, unknown]> = [
    ...Object.entries((node.properties ?? {}) as Json).map(([name, value]): [string, unknown] => [
      `${path}.properties[${name}].value`,
      value,
    ]),
    ...(node.items ? [[`${path}.items`, node.items] as [string, unknown]] : []),
    ...((Array.isArray(node.anyOf) ? node.anyOf : []) as unknown[]).map((value, index): [string, unknown] => [
      `${path}.any_of[${index}]`,
      value,
    ]),
  ];
  for (const [childPath, child] of children) {
    const found = findUnknownKeyword(child, childPath);
    if (found) return found;
  }
  return undefined;
}

const FUNCTION_NAME = /^[a-zA-Z_][a-zA-Z0-9_.:-]{0,127}$/;

export function checkTools(body: Json): FakeReply | undefined {
  const tools = Array.isArray(body.tools) ? (body.tools as Json[]) : [];
  const names: string[] = [];
  for (const [toolIndex, tool] of tools.entries()) {
    const declarations = Array.isArray(tool.functionDeclarations)
      ? (tool.functionDeclarations as Json[])
      : [];
    for (const [index, declaration] of declarations.entries()) {
      const path = `tools[${toolIndex}].function_declarations[${index}]`;
      if (typeof declaration.name !== "string" || !FUNCTION_NAME.test(declaration.name)) {
        return invalid(
          `* GenerateContentRequest.${path}.name: Invalid function name. Must start with a letter or an underscore.`,
        );
      }
      names.push(declaration.name);
      if (declaration.parameters !== undefined && declaration.parametersJsonSchema !== undefined) {
        return invalid(
          `* GenerateContentRequest.${path}: parameters and parameters_json_schema are mutually exclusive.`,
        );
      }
      const unknown = findUnknownKeyword(declaration.parameters, `${path}.parameters`);
      if (unknown) return invalid(unknown);
    }
  }
  const config = ((body.toolConfig as Json | undefined)?.functionCallingConfig ?? {}) as Json;
  const allowed = Array.isArray(config.allowedFunctionNames)
    ? (config.allowedFunctionNames as string[])
    : undefined;
  if (allowed && config.mode !== "ANY") {
    return invalid(
      "* GenerateContentRequest.tool_config.function_calling_config.allowed_function_names: only allowed when mode is ANY.",
    );
  }
  const missing = allowed?.find((name) => !names.includes(name));
  if (missing)
    return invalid(
      `* GenerateContentRequest.tool_config.function_calling_config.allowed_function_names: "${missing}" is not a declared function.`,
    );
  return undefined;
}
