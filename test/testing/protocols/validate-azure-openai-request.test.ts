import { expect } from "chai";
import type { RecordedRequest } from "../../../src/testing/fake-server-types.js";
import {
  AZURE_OPENAI_API_VERSION,
  azureOpenAIChatPath,
} from "../../../src/testing/protocols/azure-openai-protocol.js";
import { validateAzureOpenAIRequest } from "../../../src/testing/protocols/validate-azure-openai-request.js";

function request(overrides: Partial<RecordedRequest> = {}): RecordedRequest {
  const body = { model: "gpt-4o", messages: [{ role: "user", content: "hi" }] };
  return {
    index: 0,
    method: "POST",
    path: azureOpenAIChatPath("gpt-4o"),
    query: { "api-version": AZURE_OPENAI_API_VERSION },
    headers: { "api-key": "key" },
    body,
    rawBody: JSON.stringify(body),
    receivedAt: 0,
    clientDisconnected: false,
    ...overrides,
  };
}

const statusOf = (reply: ReturnType<typeof validateAzureOpenAIRequest>) =>
  reply && "status" in reply ? reply.status : undefined;

describe("validateAzureOpenAIRequest", () => {
  it("lets a request on a deployment's path, with api-version and an api-key or bearer token, pass", () => {
    expect(validateAzureOpenAIRequest(request())).to.equal(undefined);
    expect(validateAzureOpenAIRequest(request({ headers: { authorization: "Bearer t" } }))).to.equal(
      undefined,
    );
    expect(validateAzureOpenAIRequest(request({ query: { "api-version": "2025-01-01-preview" } }))).to.equal(
      undefined,
    );
  });

  it("answers 404 Resource not found to OpenAI's path or a missing api-version", () => {
    expect(statusOf(validateAzureOpenAIRequest(request({ path: "/v1/chat/completions" })))).to.equal(404);
    expect(statusOf(validateAzureOpenAIRequest(request({ query: {} })))).to.equal(404);
  });

  it("answers 401 to a request with neither api-key nor bearer token", () => {
    const reply = validateAzureOpenAIRequest(request({ headers: {} }));
    expect(statusOf(reply)).to.equal(401);
  });

  it("applies OpenAI's body rules (an empty message list is a 400)", () => {
    const body = { model: "gpt-4o", messages: [] };
    expect(statusOf(validateAzureOpenAIRequest(request({ body })))).to.equal(400);
  });
});
