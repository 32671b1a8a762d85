import { expect } from "chai";
import type { RecordedRequest } from "../../../src/testing/fake-server-types.js";
import { validateVertexRequest } from "../../../src/testing/protocols/validate-vertex-request.js";
import { vertexGenerateContentPath } from "../../../src/testing/protocols/vertex-protocol.js";

const TOKEN = "ya29.issued";

function request(
  parts: unknown[] = [{ text: "hi" }],
  overrides: Partial<RecordedRequest> = {},
): RecordedRequest {
  const body = { contents: [{ role: "user", parts }] };
  return {
    index: 0,
    method: "POST",
    path: vertexGenerateContentPath("p", "us-central1", "gemini-2.5-flash"),
    query: {},
    headers: { authorization: `Bearer ${TOKEN}` },
    body,
    rawBody: JSON.stringify(body),
    receivedAt: 0,
    clientDisconnected: false,
    ...overrides,
  };
}

const validate = (value: RecordedRequest) => validateVertexRequest(value, (token) => token === TOKEN);
const statusOf = (reply: ReturnType<typeof validate>) =>
  reply && "status" in reply ? reply.status : undefined;

describe("validateVertexRequest", () => {
  it("lets a publisher model call with the issued token pass", () => {
    expect(validate(request())).to.equal(undefined);
  });

  it("answers 404 to the Gemini API's path and 401 to a missing or unknown token", () => {
    expect(
      statusOf(validate(request(undefined, { path: "/v1beta/models/gemini-2.5-flash:generateContent" }))),
    ).to.equal(404);
    expect(statusOf(validate(request(undefined, { headers: {} })))).to.equal(401);
    expect(statusOf(validate(request(undefined, { headers: { authorization: "Bearer other" } })))).to.equal(
      401,
    );
    expect(statusOf(validate(request(undefined, { headers: { "x-goog-api-key": "key" } })))).to.equal(401);
  });

  it("answers 400 to fileData without mimeType, or pointing at the Gemini API's Files API", () => {
    expect(statusOf(validate(request([{ fileData: { fileUri: "gs://b/x.pdf" } }])))).to.equal(400);
    const filesApi = "https://generativelanguage.googleapis.com/v1beta/files/abc";
    expect(
      statusOf(validate(request([{ fileData: { fileUri: filesApi, mimeType: "application/pdf" } }]))),
    ).to.equal(400);
    expect(
      validate(request([{ fileData: { fileUri: "gs://b/x.pdf", mimeType: "application/pdf" } }])),
    ).to.equal(undefined);
  });

  it("applies the Gemini API's body rules (an empty text part is a 400)", () => {
    expect(statusOf(validate(request([{ text: "" }])))).to.equal(400);
  });
});
