import type { FastifyError } from "fastify";
import { SCHEMA_FIXES } from "./chat-request-schema.js";
import { toOpenAIError } from "./map-runtime-error.js";
import { invalidRequest, OpenAIHttpError } from "./openai-error.js";

function isFastifyError(error: unknown): error is FastifyError {
  return error instanceof Error && typeof (error as FastifyError).code === "string";
}

/**
 * Any error a route or fastify itself raised, as OpenAI's error JSON with its status: a schema
 * failure is a 400 naming the JSON pointer, an oversized body a 413. Fastify's own messages are
 * replaced where they could quote the body (a JSON syntax error does).
 */
export function toHttpError(error: unknown): OpenAIHttpError {
  if (error instanceof SyntaxError && (error as { statusCode?: number }).statusCode === 400) {
    return invalidRequest(
      "",
      "is not valid JSON",
      "send a JSON object in OpenAI's Chat Completions request format",
    );
  }
  if (!isFastifyError(error)) return toOpenAIError(error);
  const first = error.validation?.[0];
  if (first) {
    const pointer = first.instancePath;
    const fix =
      SCHEMA_FIXES[first.keyword] ?? "correct the value (see OpenAI's Chat Completions request format)";
    const detail =
      first.keyword === "required"
        ? `misses ${(first.params as { missingProperty?: string }).missingProperty}`
        : first.message;
    return invalidRequest(pointer, detail ?? "is not valid", fix);
  }
  if (error.code === "FST_ERR_CTP_BODY_TOO_LARGE") {
    return new OpenAIHttpError({
      status: 413,
      type: "invalid_request_error",
      code: "request_too_large",
      message:
        "the request body is larger than the gateway accepts (fix: send less, or raise server.maxBodyBytes)",
    });
  }
  if (error.code === "FST_ERR_CTP_INVALID_JSON_BODY" || error.code === "FST_ERR_CTP_EMPTY_JSON_BODY") {
    return invalidRequest(
      "",
      "is not valid JSON",
      "send a JSON object in OpenAI's Chat Completions request format",
    );
  }
  if (error.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE") {
    return new OpenAIHttpError({
      status: 415,
      type: "invalid_request_error",
      code: "unsupported_media_type",
      message: "the body must be JSON (fix: send content-type: application/json)",
    });
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    return new OpenAIHttpError({
      status,
      type: "invalid_request_error",
      code: error.code,
      message: error.message,
    });
  }
  return toOpenAIError(error);
}
