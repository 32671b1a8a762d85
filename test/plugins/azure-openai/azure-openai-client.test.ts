import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import { createRuntime, type LLMOutput, type Runtime } from "../../../src/index.js";
import type { FakeServer } from "../../../src/testing/fake-server.js";
import { AZURE_OPENAI_ERRORS } from "../../../src/testing/protocols/azure-openai-error-replies.js";
import {
  AZURE_OPENAI_API_VERSION,
  azureOpenAIChatCompletion,
  azureOpenAIChatPath,
  azureOpenAIChunkEvents,
  azureOpenAIErrorReply,
  startAzureOpenAIFakeServer,
} from "../../../src/testing/protocols/azure-openai-protocol.js";
import { openAIJsonReply, openAISseReply } from "../../../src/testing/protocols/openai-protocol.js";
import { rejection } from "../../resilience/expect-failure.js";

const KEY = "azure-canary-key-5b1f0c9e7d";
const TOKEN = "entra-canary-token-0d4c8a2f61";
const PROMPT = [{ role: "user" as const, content: "Hello?" }];

describe("azure-openai provider (through createRuntime and the AzureOpenAI SDK client)", function () {
  this.timeout(20_000);
  let server: FakeServer;
  let runtime: Runtime | undefined;

  beforeEach(async () => {
    server = await startAzureOpenAIFakeServer();
  });

  afterEach(async () => {
    await runtime?.close();
    runtime = undefined;
    await server.close();
  });

  async function start(
    provider: Record<string, unknown>,
    options: { cwd?: string; plugins?: string[] } = {},
  ) {
    runtime = await createRuntime({
      config: {
        plugins: options.plugins ?? ["azure-openai"],
        providers: {
          azure: {
            type: "azure-openai",
            endpoint: `${server.url}/`,
            apiVersion: AZURE_OPENAI_API_VERSION,
            ...provider,
          },
        },
        clients: { default: { provider: "azure", model: "gpt-4o-prod" } },
        logging: { level: "silent" },
      },
      cwd: options.cwd,
      env: {},
    });
    return runtime.client();
  }

  it("posts to the deployment's path with api-version and the api-key header, no bearer token", async () => {
    const client = await start({ apiKey: KEY });
    server.enqueue(openAIJsonReply(azureOpenAIChatCompletion({ content: "hi" })));
    const output = await client.generateResponse(PROMPT);
    expect(output.content).to.equal("hi");
    const [request] = server.requests;
    expect(request.path).to.equal(azureOpenAIChatPath("gpt-4o-prod"));
    expect(request.query).to.deep.equal({ "api-version": AZURE_OPENAI_API_VERSION });
    expect(request.headers["api-key"]).to.equal(KEY);
    expect(request.headers.authorization).to.equal(undefined);
  });

  it("sends every request to the configured deployment whatever the client's model", async () => {
    const client = await start({ apiKey: KEY, deployment: "chat-east" });
    server.enqueue(openAIJsonReply(azureOpenAIChatCompletion({ content: "hi" })));
    await client.generateResponse(PROMPT);
    expect(server.requests[0].path).to.equal(azureOpenAIChatPath("chat-east"));
  });

  it("maps the 400 content_filter error to ContentFilterError naming the filtered categories, never retried", async () => {
    const client = await start({ apiKey: KEY }, { plugins: ["azure-openai", "retry"] });
    server.enqueue(
      AZURE_OPENAI_ERRORS.contentFilter({
        violence: { filtered: true, severity: "medium" },
        jailbreak: { filtered: true, detected: true },
      }),
    );
    const error = await rejection(client.generateResponse(PROMPT));
    expect(error.name).to.equal("ContentFilterError");
    expect(error.code).to.equal("content_filter");
    expect(error.status).to.equal(400);
    expect(error.providerCode).to.equal("content_filter");
    expect(error.message).to.include("violence: medium, jailbreak");
    expect(server.requests).to.have.length(1);
  });

  it("reports a reply cut by the content filter (finish_reason content_filter) as finishReason content_filter", async () => {
    const client = await start({ apiKey: KEY });
    server.enqueue(
      openAIJsonReply(
        azureOpenAIChatCompletion({
          content: "The first part of",
          finishReason: "content_filter",
          completionFilter: { violence: { filtered: true, severity: "high" } },
        }),
      ),
    );
    const output = await client.generateResponse(PROMPT);
    expect(output.finishReason).to.equal("content_filter");
    expect(output.content).to.equal("The first part of");
  });

  it("streams Azure's chunks (the prompt-filter chunk first) and ends a filtered reply with finishReason content_filter", async () => {
    const client = await start({ apiKey: KEY });
    server.enqueue(
      openAISseReply(
        azureOpenAIChunkEvents({ textPieces: ["The first", " part"], finishReason: "content_filter" }),
      ),
    );
    let finish: LLMOutput | undefined;
    let text = "";
    for await (const event of client.streamResponse(PROMPT)) {
      if (event.type === "text-delta") text += event.delta;
      if (event.type === "finish") finish = event.output;
    }
    expect(text).to.equal("The first part");
    expect(finish?.finishReason).to.equal("content_filter");
    expect(server.requests[0].body).to.deep.include({
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  it("fails a stream whose prompt the content filter blocked with ContentFilterError", async () => {
    const client = await start({ apiKey: KEY });
    server.enqueue(AZURE_OPENAI_ERRORS.contentFilter());
    const error = await rejection(
      (async () => {
        for await (const _event of client.streamResponse(PROMPT)) {
          // the request fails before any event
        }
      })(),
    );
    expect(error.name).to.equal("ContentFilterError");
    expect(error.message).to.include("violence: medium");
  });

  it("names the deployment in the fix of Azure's DeploymentNotFound", async () => {
    const client = await start({ apiKey: KEY });
    server.enqueue(AZURE_OPENAI_ERRORS.deploymentNotFound());
    const error = await rejection(client.generateResponse(PROMPT));
    expect(error.name).to.equal("ModelNotFoundError");
    expect(error.providerCode).to.equal("DeploymentNotFound");
    expect(error.fix).to.include('"gpt-4o-prod"');
  });

  it("authenticates with a tokenProvider module as a bearer token, and keeps the token out of errors", async () => {
    const dir = await mkdtemp(join(tmpdir(), "llm-runtime-azure-"));
    await writeFile(join(dir, "azure-token.mjs"), `export default async () => ${JSON.stringify(TOKEN)};\n`);
    const client = await start({ tokenProvider: "./azure-token.mjs" }, { cwd: dir });
    server.enqueue(openAIJsonReply(azureOpenAIChatCompletion({ content: "hi" })));
    // Worse than Azure, which never echoes a credential: a proxy that does tests the scrubbing.
    server.enqueue(
      azureOpenAIErrorReply({ status: 401, code: "401", message: `Access denied for ${TOKEN}` }),
    );
    expect((await client.generateResponse(PROMPT)).content).to.equal("hi");
    expect(server.requests[0].headers.authorization).to.equal(`Bearer ${TOKEN}`);
    expect(server.requests[0].headers["api-key"]).to.equal(undefined);
    const error = await rejection(client.generateResponse(PROMPT));
    expect(error.name).to.equal("AuthenticationError");
    expect(error.fix).to.include("Cognitive Services OpenAI User");
    expect(JSON.stringify(error)).to.not.include(TOKEN);
    expect(error.message).to.include("Access denied for [REDACTED]");
  });

  it("maps a tokenProvider that throws to AuthenticationError before any request is sent", async () => {
    const dir = await mkdtemp(join(tmpdir(), "llm-runtime-azure-"));
    await writeFile(
      join(dir, "azure-token.mjs"),
      'export default async () => { throw new Error("no credential: run az login"); };\n',
    );
    const client = await start({ tokenProvider: "./azure-token.mjs" }, { cwd: dir });
    const error = await rejection(client.generateResponse(PROMPT));
    expect(error.name).to.equal("AuthenticationError");
    expect(error.message).to.include("run az login");
    expect(server.requests).to.have.length(0);
  });

  it("refuses an instance with neither apiKey nor tokenProvider, or with both, naming the fix", async () => {
    for (const provider of [{}, { apiKey: KEY, tokenProvider: "./t.mjs" }]) {
      const error = await rejection(start(provider));
      expect(error.name).to.equal("ConfigError");
      expect(error.message).to.include("/providers/azure");
      expect(error.message).to.not.include(KEY);
      expect(error.fix).to.include("tokenProvider");
    }
  });

  it("refuses an instance without endpoint or apiVersion when the config is checked", async () => {
    for (const missing of ["endpoint", "apiVersion"]) {
      const error = await rejection(start({ apiKey: KEY, [missing]: undefined }));
      expect(error.name).to.equal("ConfigError");
      expect(error.message).to.include(missing);
    }
  });
});
