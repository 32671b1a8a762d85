/**
 * Azure OpenAI's request rules, applied by the fake server: the deployment's path, an
 * `api-version` query parameter, an `api-key` header or a bearer token, then OpenAI's own rules for
 * the body (Azure serves the same Chat Completions body). See
 * https://learn.microsoft.com/azure/ai-foundry/openai/reference#chat-completions.
 */
import type { FakeReply, RecordedRequest } from "../fake-server-types.js";
import { azureOpenAIErrorReply } from "./azure-openai-protocol.js";
import { validateOpenAIChatBody } from "./validate-openai-request.js";

const CHAT_PATH = /^\/openai\/deployments\/[^/]+\/chat\/completions$/;

/** `2024-10-21`, `2025-01-01-preview`: Azure's api-version is a date, optionally a preview. */
const API_VERSION = /^\d{4}-\d{2}-\d{2}(-preview)?$/;

/** Azure answers a path it does not serve, or one without a valid api-version, with this 404. */
const RESOURCE_NOT_FOUND = () =>
  azureOpenAIErrorReply({ status: 404, code: "404", message: "Resource not found" });

/** Returns Azure's error reply for a request that breaks its rules, or undefined to let it pass. */
export function validateAzureOpenAIRequest(request: RecordedRequest): FakeReply | undefined {
  if (request.method !== "POST" || !CHAT_PATH.test(request.path)) return RESOURCE_NOT_FOUND();
  if (!API_VERSION.test(request.query["api-version"] ?? "")) return RESOURCE_NOT_FOUND();
  const hasKey = (request.headers["api-key"] ?? "") !== "";
  const hasToken = /^Bearer \S+$/.test(request.headers.authorization ?? "");
  if (!hasKey && !hasToken) {
    return azureOpenAIErrorReply({
      status: 401,
      code: "401",
      message:
        "Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.",
    });
  }
  return validateOpenAIChatBody(request.body);
}
