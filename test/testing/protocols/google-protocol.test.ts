import { expect } from "chai";
import { GOOGLE_ERRORS, googleErrorReply } from "../../../src/testing/protocols/google-error-replies.js";
import {
  googleGenerateContentPath,
  googleGenerateContentResponse,
  googleJsonReply,
  googleSseReply,
  startGoogleFakeServer,
} from "../../../src/testing/protocols/google-protocol.js";

describe("google protocol builders", () => {
  it("builds a GenerateContentResponse with thought, text, signed calls and usage counting thoughts in the total", () => {
    const body = googleGenerateContentResponse({
      thought: "hmm",
      text: "hi",
      textSignature: "s0",
      functionCalls: [{ name: "f", args: { a: 1 }, id: "c1", thoughtSignature: "s1" }],
      usage: { promptTokens: 3, candidatesTokens: 2, thoughtsTokens: 5 },
    });
    expect(body.candidates[0].content.parts).to.deep.equal([
      { text: "hmm", thought: true },
      { text: "hi", thoughtSignature: "s0" },
      { functionCall: { name: "f", args: { a: 1 }, id: "c1" }, thoughtSignature: "s1" },
    ]);
    expect(body.candidates[0].finishReason).to.equal("STOP");
    expect(body.usageMetadata).to.include({
      promptTokenCount: 3,
      candidatesTokenCount: 2,
      thoughtsTokenCount: 5,
      totalTokenCount: 10,
    });
  });

  it("builds Google error bodies with the canonical status name and details", () => {
    expect(googleErrorReply({ status: 503, message: "busy" })).to.deep.equal({
      kind: "json",
      status: 503,
      headers: {},
      body: { error: { code: 503, message: "busy", status: "UNAVAILABLE" } },
    });
    const rateLimit = GOOGLE_ERRORS.rateLimit("12s") as {
      body: { error: { details: Array<Record<string, unknown>> } };
    };
    expect(rateLimit.body.error.details.at(-1)).to.deep.equal({
      "@type": "type.googleapis.com/google.rpc.RetryInfo",
      retryDelay: "12s",
    });
  });

  it("names the generateContent path of a model and version", () => {
    expect(googleGenerateContentPath("gemini-2.5-flash")).to.equal(
      "/v1beta/models/gemini-2.5-flash:generateContent",
    );
    expect(googleGenerateContentPath("gemini-2.5-flash", "v1")).to.equal(
      "/v1/models/gemini-2.5-flash:generateContent",
    );
  });
});

describe("startGoogleFakeServer", () => {
  it("serves a scripted JSON reply and a scripted SSE stream on the documented paths", async () => {
    const server = await startGoogleFakeServer();
    try {
      server.enqueue(
        googleJsonReply(googleGenerateContentResponse({ text: "one" })),
        googleSseReply([
          googleGenerateContentResponse({ text: "tw" }),
          googleGenerateContentResponse({ text: "o" }),
        ]),
      );
      const headers = { "content-type": "application/json", "x-goog-api-key": "k" };
      const body = JSON.stringify({ contents: [{ role: "user", parts: [{ text: "hi" }] }] });
      const json = await fetch(`${server.url}/v1beta/models/m:generateContent`, {
        method: "POST",
        headers,
        body,
      });
      expect(((await json.json()) as { candidates: unknown[] }).candidates).to.have.length(1);
      const sse = await fetch(`${server.url}/v1beta/models/m:streamGenerateContent?alt=sse`, {
        method: "POST",
        headers,
        body,
      });
      expect(sse.headers.get("content-type")).to.equal("text/event-stream");
      expect((await sse.text()).match(/^data: /gm)).to.have.length(2);
    } finally {
      await server.close();
    }
  });

  it("runs the two-step resumable upload and keeps the file", async () => {
    const server = await startGoogleFakeServer();
    try {
      const start = await fetch(`${server.url}/upload/v1beta/files`, {
        method: "POST",
        headers: {
          "x-goog-api-key": "k",
          "x-goog-upload-protocol": "resumable",
          "x-goog-upload-command": "start",
          "x-goog-upload-header-content-length": "5",
          "x-goog-upload-header-content-type": "text/plain",
          "content-type": "application/json",
        },
        body: JSON.stringify({ file: { displayName: "a.txt", mimeType: "text/plain" } }),
      });
      const uploadUrl = start.headers.get("x-goog-upload-url") ?? "";
      expect(uploadUrl).to.match(/\/upload\/v1beta\/files\?upload_id=/);
      const finish = await fetch(uploadUrl, {
        method: "POST",
        headers: { "x-goog-upload-command": "upload, finalize", "x-goog-upload-offset": "0" },
        body: "hello",
      });
      expect(finish.headers.get("x-goog-upload-status")).to.equal("final");
      const file = ((await finish.json()) as { file: { uri: string; state: string } }).file;
      expect(file.state).to.equal("ACTIVE");
      expect(server.files).to.have.length(1);
      expect(server.files[0]).to.include({ uri: file.uri, sizeBytes: 5, displayName: "a.txt" });
    } finally {
      await server.close();
    }
  });

  it("refuses an upload start that is not resumable", async () => {
    const server = await startGoogleFakeServer();
    try {
      const response = await fetch(`${server.url}/upload/v1beta/files`, {
        method: "POST",
        headers: { "x-goog-api-key": "k" },
      });
      expect(response.status).to.equal(400);
      expect(server.files).to.have.length(0);
    } finally {
      await server.close();
    }
  });
});
