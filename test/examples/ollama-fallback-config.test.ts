import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect } from "chai";
import { compileSchema } from "../../src/config/compile-schema.js";
import { createRuntime, type Runtime } from "../../src/index.js";
import {
  type FakeServer,
  OPENAI_ERRORS,
  openAIChatCompletion,
  openAIJsonReply,
  startOpenAIFakeServer,
} from "../../src/testing/index.js";
import { captureLogger } from "../kernel/runtime-fixture.js";

const CONFIG_PATH = fileURLToPath(new URL("../../examples/ollama-fallback.config.json", import.meta.url));
const SCHEMA_PATH = new URL("../../schemas/llm.config.schema.json", import.meta.url);
const config = JSON.parse(readFileSync(CONFIG_PATH, "utf8"));
const PROMPT = [{ role: "user" as const, content: "Summarise our chat." }];

/** The example config as it is, with its two instances pointed at fake servers. */
function pointedAt(openai: FakeServer, ollama: FakeServer) {
  const copy = structuredClone(config);
  copy.providers.openai.baseURL = `${openai.url}/v1`;
  copy.providers.ollama.baseURL = `${ollama.url}/v1`;
  return copy;
}

describe("examples/ollama-fallback.config.json", () => {
  let openai: FakeServer;
  let ollama: FakeServer;
  let runtime: Runtime | undefined;

  beforeEach(async () => {
    [openai, ollama] = await Promise.all([startOpenAIFakeServer(), startOpenAIFakeServer()]);
  });

  afterEach(async () => {
    await runtime?.close();
    runtime = undefined;
    await Promise.all([openai.close(), ollama.close()]);
  });

  it("validates against the config schema", () => {
    const schema = JSON.parse(readFileSync(SCHEMA_PATH, "utf8"));
    expect(compileSchema(schema)(config)).to.deep.equal([]);
  });

  it("loads by path with OPENAI_API_KEY from the environment and builds both instances", async () => {
    runtime = await createRuntime({
      configPath: CONFIG_PATH,
      env: { OPENAI_API_KEY: "sk-example-0123456789" },
    });
    expect(runtime.clientNames()).to.deep.equal(["default", "local"]);
    expect(runtime.providerClient("openai")).to.have.property("generate");
    expect(runtime.providerClient("ollama")).to.have.property("generate");
  });

  it("falls back to Ollama at once when OpenAI's quota is used up (429 insufficient_quota is not retried)", async () => {
    openai.enqueue(OPENAI_ERRORS.insufficientQuota());
    ollama.enqueue(
      openAIJsonReply(openAIChatCompletion({ content: "Here is the summary.", model: "llama3.1" })),
    );
    const { logger, lines } = captureLogger();
    runtime = await createRuntime({
      config: pointedAt(openai, ollama),
      env: { OPENAI_API_KEY: "sk-example-0123456789" },
      logger,
    });
    const output = await runtime.client().generateResponse(PROMPT);
    expect(lines.some((line) => line.includes("falling back to the next target"))).to.equal(true);
    expect(output).to.include({ content: "Here is the summary.", provider: "ollama", model: "llama3.1" });
    expect(
      output.attempts.map(({ provider, errorCode, decision }) => ({ provider, errorCode, decision })),
    ).to.deep.equal([
      { provider: "openai", errorCode: "quota_exhausted", decision: "fallback" },
      { provider: "ollama", errorCode: undefined, decision: undefined },
    ]);
    expect(openai.requests).to.have.length(1);
    expect((ollama.requests[0].body as { model: string }).model).to.equal("llama3.1");
    expect(ollama.requests[0].headers.authorization).to.equal("Bearer ollama");
  });

  it("retries OpenAI once on 503, then falls back to Ollama with the client's params", async () => {
    openai.enqueue(OPENAI_ERRORS.overloaded(), OPENAI_ERRORS.overloaded());
    ollama.enqueue(openAIJsonReply(openAIChatCompletion({ content: "Local answer.", model: "llama3.1" })));
    const { logger } = captureLogger();
    runtime = await createRuntime({
      config: pointedAt(openai, ollama),
      env: { OPENAI_API_KEY: "sk-example-0123456789" },
      logger,
    });
    const output = await runtime.client().generateResponse(PROMPT);
    expect(output.provider).to.equal("ollama");
    expect(output.attempts.map((attempt) => attempt.decision)).to.deep.equal([
      "retry",
      "fallback",
      undefined,
    ]);
    expect(openai.requests).to.have.length(2);
    expect(ollama.requests[0].body).to.deep.include({ temperature: 0.3 });
  });
});
