import { expect } from "chai";
import { createRuntime, type Runtime } from "../../../src/index.js";
import type { FakeServer } from "../../../src/testing/fake-server.js";
import {
  openAIChatCompletion,
  openAIJsonReply,
  startOpenAIFakeServer,
} from "../../../src/testing/protocols/openai-protocol.js";

const KEY = "sk-test-runtime-5a4b3c2d1e0f";

describe("openai plugin through createRuntime", () => {
  let server: FakeServer;
  let runtime: Runtime | undefined;

  beforeEach(async () => {
    server = await startOpenAIFakeServer();
    server.setDefaultReply(openAIJsonReply(openAIChatCompletion({ content: "ok" })));
  });

  afterEach(async () => {
    await runtime?.close();
    runtime = undefined;
    await server.close();
  });

  function config(provider: Record<string, unknown>, client: Record<string, unknown> = {}) {
    return {
      plugins: ["openai"],
      providers: { local: { type: "openai", baseURL: `${server.url}/v1`, ...provider } },
      clients: { default: { provider: "local", model: "gpt-4o", ...client } },
    };
  }

  it("sends the client's params from the config and names the instance and model on the output", async () => {
    runtime = await createRuntime({
      config: config({ apiKey: KEY }, { params: { temperature: 0.2, max_tokens: 50, seed: 3 } }),
      env: {},
    });
    const output = await runtime.client().generateResponse([{ role: "user", content: "hi" }]);
    expect(server.requests[0].body).to.deep.include({
      model: "gpt-4o",
      temperature: 0.2,
      max_tokens: 50,
      seed: 3,
    });
    expect(output).to.deep.include({ content: "ok", provider: "local", model: "gpt-4o" });
  });

  it("takes the key from OPENAI_API_KEY when the instance has none", async () => {
    runtime = await createRuntime({ config: config({}), env: { OPENAI_API_KEY: KEY } });
    await runtime.client().generateResponse([{ role: "user", content: "hi" }]);
    expect(server.requests[0].headers.authorization).to.equal(`Bearer ${KEY}`);
  });

  it("sends the instance's headers on every request", async () => {
    runtime = await createRuntime({
      config: config({ apiKey: KEY, headers: { "x-title": "my-app" } }),
      env: {},
    });
    await runtime.client().generateResponse([{ role: "user", content: "hi" }]);
    expect(server.requests[0].headers["x-title"]).to.equal("my-app");
  });

  it("renames max_tokens to max_completion_tokens for a reasoning model, which OpenAI would refuse", async () => {
    runtime = await createRuntime({
      config: config({ apiKey: KEY }, { model: "o3-mini", params: { max_tokens: 100, temperature: 0.5 } }),
      env: {},
    });
    const output = await runtime.client().generateResponse([{ role: "user", content: "hi" }]);
    expect(output.content).to.equal("ok");
    expect(server.requests[0].body).to.deep.include({ max_completion_tokens: 100 });
    expect(server.requests[0].body).not.to.have.any.keys("max_tokens", "temperature");
  });

  it("refuses an instance key the openai type does not know, naming it", async () => {
    try {
      runtime = await createRuntime({ config: config({ apiKey: KEY, maxTokens: 10 }), env: {} });
      expect.fail("expected a ConfigError");
    } catch (error) {
      expect((error as Error).name).to.equal("ConfigError");
      expect((error as Error).message)
        .to.include("/providers/local")
        .and.to.include("maxTokens");
    }
  });
});
