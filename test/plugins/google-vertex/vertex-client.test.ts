import { readFileSync, writeFileSync } from "node:fs";
import { expect } from "chai";
import { createRuntime, type Runtime } from "../../../src/index.js";
import { writeVertexCredentials } from "../../../src/testing/conformance/vertex-conformance-adapter.js";
import { googleErrorReply } from "../../../src/testing/protocols/google-error-replies.js";
import {
  googleGenerateContentResponse,
  googleJsonReply,
} from "../../../src/testing/protocols/google-protocol.js";
import {
  startVertexFakeServer,
  type VertexFakeServer,
  vertexGenerateContentPath,
} from "../../../src/testing/protocols/vertex-protocol.js";
import { rejection } from "../../resilience/expect-failure.js";

const PROJECT = "acme-prod";
const LOCATION = "us-central1";
const MODEL = "gemini-2.5-flash";
const TOKEN = "ya29.vertex-canary-token-3f9c1e7a";
const PROMPT = [{ role: "user" as const, content: "Hello?" }];

const hi = () => googleJsonReply(googleGenerateContentResponse({ text: "hi" }));

describe("google-vertex provider (through createRuntime and @google/genai with vertexai: true)", function () {
  this.timeout(20_000);
  let server: VertexFakeServer;
  let runtime: Runtime | undefined;

  beforeEach(async () => {
    server = await startVertexFakeServer({ accessToken: TOKEN });
  });

  afterEach(async () => {
    await runtime?.close();
    runtime = undefined;
    await server.close();
  });

  async function start(provider: Record<string, unknown> = {}) {
    runtime = await createRuntime({
      config: {
        plugins: ["google-vertex"],
        providers: {
          vertex: {
            type: "google-vertex",
            project: PROJECT,
            location: LOCATION,
            credentialsFile: writeVertexCredentials(server),
            baseURL: server.url,
            ...provider,
          },
        },
        clients: { default: { provider: "vertex", model: MODEL } },
        logging: { level: "silent" },
      },
      env: {},
    });
    return runtime.client();
  }

  it("calls the project's publisher model with a token the credentials file's endpoint issued, fetched once", async () => {
    const client = await start();
    server.enqueue(hi(), hi());
    expect((await client.generateResponse(PROMPT)).content).to.equal("hi");
    await client.generateResponse(PROMPT);
    expect(server.requests.map((request) => request.path)).to.deep.equal([
      vertexGenerateContentPath(PROJECT, LOCATION, MODEL),
      vertexGenerateContentPath(PROJECT, LOCATION, MODEL),
    ]);
    expect(server.requests[0].headers.authorization).to.equal(`Bearer ${TOKEN}`);
    expect(server.requests[0].headers["x-goog-api-key"]).to.equal(undefined);
    expect(server.tokenRequests).to.have.length(1);
  });

  it("finds Application Default Credentials through GOOGLE_APPLICATION_CREDENTIALS when no file is configured", async () => {
    const saved = process.env.GOOGLE_APPLICATION_CREDENTIALS;
    process.env.GOOGLE_APPLICATION_CREDENTIALS = writeVertexCredentials(server);
    try {
      const client = await start({ credentialsFile: undefined });
      server.enqueue(hi());
      expect((await client.generateResponse(PROMPT)).content).to.equal("hi");
      expect(server.requests[0].headers.authorization).to.equal(`Bearer ${TOKEN}`);
    } finally {
      if (saved === undefined) delete process.env.GOOGLE_APPLICATION_CREDENTIALS;
      else process.env.GOOGLE_APPLICATION_CREDENTIALS = saved;
    }
  });

  it("sends no Gemini API key to Vertex even when GEMINI_API_KEY is set in the environment", async () => {
    const saved = process.env.GEMINI_API_KEY;
    process.env.GEMINI_API_KEY = "gemini-key-that-must-stay-home";
    try {
      const client = await start();
      server.enqueue(hi());
      await client.generateResponse(PROMPT);
      expect(server.requests[0].headers["x-goog-api-key"]).to.equal(undefined);
      expect(server.requests[0].headers.authorization).to.equal(`Bearer ${TOKEN}`);
    } finally {
      if (saved === undefined) delete process.env.GEMINI_API_KEY;
      else process.env.GEMINI_API_KEY = saved;
    }
  });

  it("scrubs the access token from an error that echoes it, though the config never held it", async () => {
    const client = await start();
    server.enqueue(
      googleErrorReply({ status: 400, message: `Request contains an invalid argument (token ${TOKEN}).` }),
    );
    const error = await rejection(client.generateResponse(PROMPT));
    expect(error.name).to.equal("InvalidRequestError");
    expect(JSON.stringify({ ...error.toJSON(), message: error.message })).to.not.include(TOKEN);
  });

  it("maps a token endpoint that refuses the exchange to AuthenticationError naming the ways to log in", async () => {
    const credentialsFile = writeVertexCredentials(server);
    const credentials = JSON.parse(readFileSync(credentialsFile, "utf8"));
    // A token_url the fake answers with 404: google-auth-library gets no access token.
    writeFileSync(
      credentialsFile,
      JSON.stringify({ ...credentials, token_url: `${server.url}/no-token-here` }),
    );
    const client = await start({ credentialsFile });
    const error = await rejection(client.generateResponse(PROMPT));
    expect(error.name).to.equal("AuthenticationError");
    expect(error.message).to.include("Vertex AI credentials gave no access token");
    expect(error.fix).to.include("gcloud auth application-default login");
    expect(server.requests.map((request) => request.path)).to.deep.equal(["/no-token-here"]);
    const streamed = await rejection(
      (async () => {
        for await (const _event of client.streamResponse(PROMPT)) {
          // the stream fails before any event
        }
      })(),
    );
    expect(streamed.name).to.equal("AuthenticationError");
  });

  it("refuses a file over inlineMaxBytes before sending anything: Vertex AI has no Files API", async () => {
    const client = await start({ inlineMaxBytes: 10 });
    const big = Buffer.alloc(64, 7).toString("base64");
    const message = {
      role: "user" as const,
      content: [
        { type: "text" as const, text: "Read this" },
        {
          type: "file" as const,
          file: { filename: "report.pdf", file_data: `data:application/pdf;base64,${big}` },
        },
      ],
    };
    const error = await rejection(client.generateResponse([message]));
    expect(error.name).to.equal("InvalidRequestError");
    expect(error.fix).to.include("gs://");
    expect(server.requests).to.have.length(0);
  });

  it("sends a gs:// file as fileData with the MIME type Vertex requires", async () => {
    const client = await start();
    server.enqueue(hi());
    const message = {
      role: "user" as const,
      content: [
        { type: "text" as const, text: "Summarise" },
        { type: "file" as const, file: { file_id: "gs://acme-docs/q3/report.pdf" } },
      ],
    };
    await client.generateResponse([message]);
    const body = server.requests[0].body as { contents: Array<{ parts: Array<Record<string, unknown>> }> };
    expect(body.contents[0].parts[1]).to.deep.equal({
      fileData: { fileUri: "gs://acme-docs/q3/report.pdf", mimeType: "application/pdf" },
    });
  });

  it("refuses an instance without project or location when the config is checked", async () => {
    for (const missing of ["project", "location"]) {
      const error = await rejection(start({ [missing]: undefined }));
      expect(error.name).to.equal("ConfigError");
      expect(error.message).to.include(missing);
    }
  });
});
