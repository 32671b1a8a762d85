import { expect } from "chai";
import type { FakeReply, RecordedRequest } from "../../../src/testing/fake-server-types.js";
import { GoogleFakeFilesApi } from "../../../src/testing/protocols/google-files-api.js";
import { validateGoogleRequest } from "../../../src/testing/protocols/validate-google-request.js";

function post(
  body: unknown,
  options: { path?: string; headers?: Record<string, string> } = {},
): RecordedRequest {
  return {
    index: 0,
    method: "POST",
    path: options.path ?? "/v1beta/models/gemini-2.5-flash:generateContent",
    query: {},
    headers: { "x-goog-api-key": "key", ...options.headers },
    body,
    rawBody: JSON.stringify(body),
    receivedAt: 0,
    clientDisconnected: false,
  };
}

function errorOf(reply: FakeReply | undefined): { status?: number; message: string; state: string } {
  expect(reply, "the request should be refused").to.not.equal(undefined);
  const body = (reply as { body: { error: { message: string; status: string } } }).body;
  return {
    status: (reply as { status?: number }).status,
    message: body.error.message,
    state: body.error.status,
  };
}

const user = (text = "hi") => ({ role: "user", parts: [{ text }] });
const call = (name: string, args: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  functionCall: { name, args, ...extra },
});
const answer = (name: string, extra: Record<string, unknown> = {}) => ({
  functionResponse: { name, response: { output: "ok" }, ...extra },
});

describe("validateGoogleRequest", () => {
  it("accepts a plain valid request", () => {
    expect(validateGoogleRequest(post({ contents: [user()] }))).to.equal(undefined);
  });

  it("answers 404 for an unknown path and 403 without a key, in Google's error shape", () => {
    expect(
      errorOf(validateGoogleRequest(post({ contents: [user()] }, { path: "/v1/chat/completions" }))).status,
    ).to.equal(404);
    const noKey = errorOf(
      validateGoogleRequest(post({ contents: [user()] }, { headers: { "x-goog-api-key": "" } })),
    );
    expect(noKey).to.include({ status: 403, state: "PERMISSION_DENIED" });
  });

  it("refuses roles other than user and model, empty parts and empty text", () => {
    expect(
      errorOf(validateGoogleRequest(post({ contents: [{ role: "assistant", parts: [{ text: "x" }] }] })))
        .message,
    ).to.match(/valid role: user, model/);
    expect(
      errorOf(validateGoogleRequest(post({ contents: [{ role: "user", parts: [] }] }))).message,
    ).to.match(/must not be empty/);
    expect(errorOf(validateGoogleRequest(post({ contents: [user("")] }))).message).to.match(
      /empty text parameter/,
    );
  });

  it("refuses a function-call turn answered by fewer responses than calls", () => {
    const reply = validateGoogleRequest(
      post({
        contents: [
          user(),
          { role: "model", parts: [call("f", { a: 1 }), call("f", { a: 2 })] },
          { role: "user", parts: [answer("f")] },
        ],
      }),
    );
    expect(errorOf(reply).message).to.match(
      /number of function response parts is equal to the number of function call parts/,
    );
  });

  it("pairs responses by id when calls have ids, and refuses an id that answers no call", () => {
    const model = {
      role: "model",
      parts: [call("f", { a: 1 }, { id: "c1" }), call("f", { a: 2 }, { id: "c2" })],
    };
    const good = { role: "user", parts: [answer("f", { id: "c2" }), answer("f", { id: "c1" })] };
    expect(validateGoogleRequest(post({ contents: [user(), model, good] }))).to.equal(undefined);
    const bad = { role: "user", parts: [answer("f", { id: "c2" }), answer("f", { id: "c9" })] };
    expect(errorOf(validateGoogleRequest(post({ contents: [user(), model, bad] }))).message).to.match(/"c9"/);
  });

  it("pairs id-less responses by position and refuses one named after another function", () => {
    const model = { role: "model", parts: [call("f", {}), call("g", {})] };
    expect(
      validateGoogleRequest(
        post({ contents: [user(), model, { role: "user", parts: [answer("f"), answer("g")] }] }),
      ),
    ).to.equal(undefined);
    const swapped = { role: "user", parts: [answer("g"), answer("f")] };
    expect(errorOf(validateGoogleRequest(post({ contents: [user(), model, swapped] }))).message).to.match(
      /does not match/,
    );
  });

  it("on Gemini 3, refuses function calls without a thought signature and accepts Google's skip placeholder", () => {
    const path = "/v1beta/models/gemini-3-pro-preview:generateContent";
    const unsigned = { role: "model", parts: [call("f", {})] };
    const results = { role: "user", parts: [answer("f")] };
    const refused = errorOf(validateGoogleRequest(post({ contents: [user(), unsigned, results] }, { path })));
    expect(refused).to.include({ status: 400, state: "INVALID_ARGUMENT" });
    expect(refused.message).to.match(/missing a thought_signature/);
    const placeholder = {
      role: "model",
      parts: [{ ...call("f", {}), thoughtSignature: "skip_thought_signature_validator" }],
    };
    expect(validateGoogleRequest(post({ contents: [user(), placeholder, results] }, { path }))).to.equal(
      undefined,
    );
    expect(validateGoogleRequest(post({ contents: [user(), unsigned, results] }))).to.equal(
      undefined,
      "2.5 does not check",
    );
  });

  it("refuses JSON Schema keywords in parameters, and parameters beside parametersJsonSchema", () => {
    const withSchema = (declaration: Record<string, unknown>) =>
      validateGoogleRequest(
        post({ contents: [user()], tools: [{ functionDeclarations: [{ name: "f", ...declaration }] }] }),
      );
    expect(
      errorOf(
        withSchema({
          parameters: { type: "object", properties: { a: { type: "string" } }, additionalProperties: false },
        }),
      ).message,
    ).to.match(/Unknown name "additionalProperties"/);
    expect(
      errorOf(withSchema({ parameters: { type: "object", properties: { a: { type: ["string", "null"] } } } }))
        .message,
    ).to.match(/single name/);
    expect(
      errorOf(withSchema({ parameters: { type: "object" }, parametersJsonSchema: { type: "object" } }))
        .message,
    ).to.match(/mutually exclusive/);
    expect(
      withSchema({ parametersJsonSchema: { type: "object", additionalProperties: false, $defs: {} } }),
    ).to.equal(undefined);
  });

  it("refuses allowedFunctionNames outside mode ANY or naming an undeclared function", () => {
    const tools = [{ functionDeclarations: [{ name: "f" }] }];
    const config = (functionCallingConfig: Record<string, unknown>) =>
      validateGoogleRequest(post({ contents: [user()], tools, toolConfig: { functionCallingConfig } }));
    expect(config({ mode: "ANY", allowedFunctionNames: ["f"] })).to.equal(undefined);
    expect(errorOf(config({ mode: "AUTO", allowedFunctionNames: ["f"] })).message).to.match(
      /only allowed when mode is ANY/,
    );
    expect(errorOf(config({ mode: "ANY", allowedFunctionNames: ["g"] })).message).to.match(
      /"g" is not a declared function/,
    );
  });

  it("answers 403 for fileData naming a file the Files API does not hold", () => {
    const files = new GoogleFakeFilesApi();
    const part = {
      fileData: { fileUri: "http://127.0.0.1:1/v1beta/files/nope", mimeType: "application/pdf" },
    };
    const reply = validateGoogleRequest(post({ contents: [{ role: "user", parts: [part] }] }), files);
    expect(errorOf(reply)).to.include({ status: 403 });
    expect(errorOf(reply).message).to.contain("files/nope");
  });
});

describe("validateGoogleRequest: generationConfig.logprobs", () => {
  const body = (generationConfig: Record<string, unknown>) => ({ contents: [user()], generationConfig });

  it("refuses an integer logprobs without responseLogprobs, and OpenAI's boolean logprobs", () => {
    expect(errorOf(validateGoogleRequest(post(body({ logprobs: 3 })))).message).to.match(/response_logprobs/);
    expect(
      errorOf(validateGoogleRequest(post(body({ logprobs: true, responseLogprobs: true })))).status,
    ).to.equal(400);
  });

  it("refuses a thinking config on Gemini 2.0, passes it on 2.5", () => {
    const thinking = body({ thinkingConfig: { thinkingBudget: 1024 } });
    const on = (model: string) => ({ path: `/v1beta/models/${model}:generateContent` });
    expect(errorOf(validateGoogleRequest(post(thinking, on("gemini-2.0-flash-001")))).status).to.equal(400);
    expect(validateGoogleRequest(post(thinking, on("gemini-2.5-flash")))).to.equal(undefined);
  });

  it("passes logprobs with responseLogprobs: true", () => {
    expect(validateGoogleRequest(post(body({ logprobs: 3, responseLogprobs: true })))).to.equal(undefined);
  });
});
