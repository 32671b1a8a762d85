import type { JsonSchema, ToolChoice, ToolDefinition } from "../../src/index.js";
import { convertJsonSchemaToGoogleSchema } from "./convert-json-schema-to-google-schema.js";
import type { GoogleFunctionDeclaration, GoogleToolConfig } from "./google-api-types.js";

/**
 * How tool parameter schemas are sent: `json-schema` as `parametersJsonSchema` (v1beta takes JSON
 * Schema as it is, so nothing is lost); `openapi` as `parameters`, translated to Gemini's
 * OpenAPI subset (for API versions without `parametersJsonSchema`).
 */
export type GoogleToolSchemaMode = "json-schema" | "openapi";

export interface PreparedGoogleTools {
  tools?: { functionDeclarations: GoogleFunctionDeclaration[] }[];
  toolConfig?: GoogleToolConfig;
}

/** `auto` picks `json-schema` for v1beta (and alpha versions), which document `parametersJsonSchema`. */
export function resolveToolSchemaMode(setting: string | undefined, apiVersion: string): GoogleToolSchemaMode {
  if (setting === "json-schema" || setting === "openapi") return setting;
  return /(alpha|beta)/.test(apiVersion) ? "json-schema" : "openapi";
}

/** OpenAI-format tools and tool choice to Gemini's `functionDeclarations` and `functionCallingConfig`. */
export function prepareGoogleTools(
  tools: ToolDefinition[] | undefined,
  toolChoice: ToolChoice | undefined,
  mode: GoogleToolSchemaMode,
): PreparedGoogleTools {
  if (tools === undefined || tools.length === 0) return {};
  const functionDeclarations = tools.map((tool) => prepareDeclaration(tool, mode));
  const toolConfig = toolChoice === undefined ? undefined : mapToolChoice(toolChoice);
  return { tools: [{ functionDeclarations }], ...(toolConfig ? { toolConfig } : {}) };
}

function prepareDeclaration(tool: ToolDefinition, mode: GoogleToolSchemaMode): GoogleFunctionDeclaration {
  const declaration: GoogleFunctionDeclaration = { name: tool.function.name };
  if (tool.function.description) declaration.description = tool.function.description;
  const parameters = tool.function.parameters;
  // A function without parameters leaves the field out: Gemini refuses an OBJECT with no properties.
  if (parameters === undefined || !hasProperties(parameters)) return declaration;
  if (mode === "json-schema") declaration.parametersJsonSchema = withoutMetaKeywords(parameters);
  else declaration.parameters = toGoogleSchema(parameters);
  return declaration;
}

/**
 * Each tool's translated schema, by its `parameters` object, beside the JSON text it was
 * translated from: an application passes the same tool definitions with every request, and the
 * translation walks the whole schema (2-3 times the cost of its JSON text for schemas as MCP
 * servers and zod emit them). A schema edited in place has another text and is translated
 * again. The translation is shared by the requests that send it; the SDK reads it and builds its
 * own copy (`processJsonSchema`), it never changes it. The declarations stay new on every request,
 * because the SDK rewrites those in place.
 */
const translatedSchemas = new WeakMap<object, { text: string; schema: JsonSchema }>();

function toGoogleSchema(parameters: JsonSchema): JsonSchema {
  let text: string;
  try {
    text = JSON.stringify(parameters);
  } catch {
    // A BigInt or a cycle has no JSON text: translated as it always was, without the cache.
    return convertJsonSchemaToGoogleSchema(parameters);
  }
  const translated = translatedSchemas.get(parameters);
  if (translated !== undefined && translated.text === text) return translated.schema;
  const schema = convertJsonSchemaToGoogleSchema(parameters);
  translatedSchemas.set(parameters, { text, schema });
  return schema;
}

function hasProperties(schema: JsonSchema): boolean {
  const properties = schema.properties;
  return typeof properties === "object" && properties !== null && Object.keys(properties).length > 0;
}

/** `$schema` names a dialect Gemini does not need; the rest of the schema goes as it is. */
function withoutMetaKeywords(schema: JsonSchema): JsonSchema {
  const { $schema: _dialect, ...rest } = schema;
  return rest;
}

/** Total: an unrecognised choice lets the model decide (`AUTO`). */
export function mapToolChoice(toolChoice: ToolChoice): GoogleToolConfig {
  if (toolChoice === "none") return { functionCallingConfig: { mode: "NONE" } };
  if (toolChoice === "required") return { functionCallingConfig: { mode: "ANY" } };
  if (
    typeof toolChoice === "object" &&
    toolChoice !== null &&
    typeof toolChoice.function?.name === "string"
  ) {
    return { functionCallingConfig: { mode: "ANY", allowedFunctionNames: [toolChoice.function.name] } };
  }
  return { functionCallingConfig: { mode: "AUTO" } };
}
