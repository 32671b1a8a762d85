/**
 * The Gemini API's request rules, applied by the fake server so a plugin that breaks one gets the
 * 400 (or 403, 404) Gemini would send, in Google's error shape, instead of a silent pass.
 */
import type { FakeReply, RecordedRequest } from "../fake-server-types.js";
import { googleErrorReply } from "./google-error-replies.js";
import type { GoogleFakeFilesApi } from "./google-files-api.js";
import { checkFunctionTurns, checkTools } from "./validate-google-function-calls.js";

type Json = Record<string, unknown>;

/** `POST /<version>/models/<model>:generateContent` or `:streamGenerateContent`. */
export const GOOGLE_MODEL_PATH = /^\/(v[0-9a-z]+)\/models\/([^/:]+):(generateContent|streamGenerateContent)$/;

const DATA_FIELDS = [
  "text",
  "inlineData",
  "fileData",
  "functionCall",
  "functionResponse",
  "executableCode",
  "codeExecutionResult",
];

function invalid(message: string): FakeReply {
  return googleErrorReply({ status: 400, message });
}

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Google's error for a request that breaks a rule, or undefined to let the scripted reply through. */
export function validateGoogleRequest(
  request: RecordedRequest,
  files?: GoogleFakeFilesApi,
): FakeReply | undefined {
  const route = GOOGLE_MODEL_PATH.exec(request.path);
  if (request.method !== "POST" || !route) {
    return googleErrorReply({ status: 404, message: `Method not found: ${request.method} ${request.path}` });
  }
  if (!request.headers["x-goog-api-key"] && !request.query.key) {
    return googleErrorReply({
      status: 403,
      message:
        "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.",
    });
  }
  if (route[3] === "streamGenerateContent" && request.query.alt !== "sse") {
    return invalid("streamGenerateContent without alt=sse answers a JSON array; this fake serves SSE only.");
  }
  return validateGoogleBody(request.body, decodeURIComponent(route[2]), files);
}

/**
 * Gemini's rules for a generateContent body alone, for servers that take the same body on another
 * path or with other auth (Vertex AI). `model` is the model the path names.
 */
export function validateGoogleBody(
  body: unknown,
  model: string,
  files?: GoogleFakeFilesApi,
): FakeReply | undefined {
  if (!isObject(body)) return invalid("Invalid JSON payload received.");
  if (!Array.isArray(body.contents) || body.contents.length === 0) {
    return invalid("* GenerateContentRequest.contents: contents is not specified");
  }
  const contents = body.contents as unknown[];
  for (const [index, content] of contents.entries()) {
    const problem = checkContent(content, index, files);
    if (problem) return problem;
  }
  return (
    checkGenerationConfig(body.generationConfig, model) ??
    checkSystemInstruction(body.systemInstruction) ??
    checkFunctionTurns(contents as Json[], model) ??
    checkTools(body)
  );
}

function checkContent(content: unknown, index: number, files?: GoogleFakeFilesApi): FakeReply | undefined {
  if (!isObject(content)) return invalid(`* GenerateContentRequest.contents[${index}]: must be an object.`);
  if (content.role !== undefined && content.role !== "user" && content.role !== "model") {
    return invalid(
      `Please use a valid role: user, model. (contents[${index}].role is ${JSON.stringify(content.role)})`,
    );
  }
  if (!Array.isArray(content.parts) || content.parts.length === 0) {
    return invalid(`* GenerateContentRequest.contents[${index}].parts: contents.parts must not be empty.`);
  }
  for (const part of content.parts as unknown[]) {
    const problem = checkPart(part, index, files);
    if (problem) return problem;
  }
  return undefined;
}

function checkPart(part: unknown, index: number, files?: GoogleFakeFilesApi): FakeReply | undefined {
  if (!isObject(part)) return invalid(`* GenerateContentRequest.contents[${index}].parts: must be objects.`);
  const fields = DATA_FIELDS.filter((field) => part[field] !== undefined);
  if (fields.length !== 1) {
    return invalid(
      `* GenerateContentRequest.contents[${index}].parts: each part holds exactly one of ${DATA_FIELDS.join(", ")}.`,
    );
  }
  if (part.text === "" && part.thoughtSignature === undefined) {
    return invalid(
      "Unable to submit request because it has an empty text parameter. Add a value to the parameter and try again.",
    );
  }
  const fileData = part.fileData as Json | undefined;
  if (
    files &&
    typeof fileData?.fileUri === "string" &&
    /\/files\/[^/]+$/.test(fileData.fileUri) &&
    !files.knows(fileData.fileUri)
  ) {
    const name = /files\/[^/]+$/.exec(fileData.fileUri)?.[0];
    return googleErrorReply({
      status: 403,
      message: `You do not have permission to access the File ${name} or it may not exist.`,
    });
  }
  const call = part.functionCall as Json | undefined;
  if (call && (typeof call.name !== "string" || (call.args !== undefined && !isObject(call.args)))) {
    return invalid(
      `* GenerateContentRequest.contents[${index}].parts.function_call: needs a name and object args.`,
    );
  }
  return undefined;
}

function checkSystemInstruction(instruction: unknown): FakeReply | undefined {
  if (instruction === undefined) return undefined;
  const parts =
    isObject(instruction) && Array.isArray(instruction.parts) ? (instruction.parts as unknown[]) : [];
  if (parts.length === 0 || !parts.every((part) => isObject(part) && typeof part.text === "string")) {
    return invalid("* GenerateContentRequest.system_instruction: must hold text parts only.");
  }
  return undefined;
}

/**
 * `generationConfig.logprobs` is the number of top candidates per token and is only valid with
 * `responseLogprobs: true` (GenerationConfig in generativelanguage v1beta); a thinking config only
 * on models that think.
 */
function checkGenerationConfig(config: unknown, model: string): FakeReply | undefined {
  if (!isObject(config)) return undefined;
  // Thinking came with Gemini 2.5: 2.0 and 1.5 models refuse a thinking config.
  if (config.thinkingConfig !== undefined && /^gemini-(1\.|2\.0)/.test(model)) {
    return invalid("Thinking is not supported for this model.");
  }
  if (config.logprobs === undefined) return undefined;
  if (!Number.isInteger(config.logprobs)) {
    return invalid(
      `Invalid value at 'generation_config.logprobs' (TYPE_INT32), ${JSON.stringify(config.logprobs)}`,
    );
  }
  if (config.responseLogprobs !== true) {
    return invalid("logprobs can only be set when response_logprobs is true.");
  }
  return undefined;
}
