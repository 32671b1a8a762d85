import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import type { FakeServer } from "../../src/testing/fake-server.js";
import {
  openAIChatCompletion,
  openAIErrorReply,
  openAIJsonReply,
  startOpenAIFakeServer,
} from "../../src/testing/protocols/openai-protocol.js";
import { cli } from "./run-cli.js";

const KEY = "sk-canary-cli-params-0123456789abcdef";

describe("llm-runtime chat --param and --model on the wire (OpenAI)", function () {
  this.timeout(30_000);
  let server: FakeServer;
  let folder: string;
  let configPath: string;

  beforeEach(async () => {
    server = await startOpenAIFakeServer();
    folder = await mkdtemp(join(tmpdir(), "llm-runtime-cli-params-"));
    configPath = join(folder, "llm.config.json");
    const config = {
      plugins: ["openai"],
      providers: { openai: { type: "openai", baseURL: `${server.url}/v1` } },
      clients: {
        default: { provider: "openai", model: "gpt-4o", params: { temperature: 0.7, max_tokens: 500 } },
      },
    };
    await writeFile(configPath, JSON.stringify(config));
  });

  afterEach(async () => {
    await server.close();
    await rm(folder, { recursive: true, force: true });
  });

  it("sends each --param over the client's params, typed, to the model --model names", async () => {
    server.enqueue(openAIJsonReply(openAIChatCompletion({ content: '{"ok":true}' })));
    const result = await cli(
      [
        "chat",
        "--no-stream",
        "--config",
        configPath,
        "--model",
        "gpt-4o-mini",
        "--param",
        "temperature=0",
        "--param",
        'response_format={"type":"json_object"}',
        "--param",
        "user=cli-test",
        "Answer in JSON",
      ],
      { OPENAI_API_KEY: KEY },
      folder,
    );
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stdout).to.equal('{"ok":true}\n');
    const body = server.requests[0].body as Record<string, unknown>;
    expect(body).to.include({ model: "gpt-4o-mini", temperature: 0, user: "cli-test" });
    expect(body.response_format).to.deep.equal({ type: "json_object" });
    // The client's own max_tokens still goes (OpenAI's newer name for it).
    expect(body.max_completion_tokens ?? body.max_tokens).to.equal(500);
  });

  it("never prints the API key, even when the provider's error echoes it into a warning and the error line", async () => {
    const backup = { provider: "openai", model: "gpt-4o-mini" };
    const config = {
      plugins: ["openai", "fallback"],
      providers: { openai: { type: "openai", baseURL: `${server.url}/v1` } },
      clients: { default: { provider: "openai", model: "gpt-4o", fallbacks: [backup] } },
    };
    await writeFile(configPath, JSON.stringify(config));
    const echo = { status: 503, message: `upstream refused key ${KEY}` };
    server.enqueue(openAIErrorReply(echo), openAIErrorReply(echo));
    const result = await cli(
      ["chat", "--verbose", "--config", configPath, "hi"],
      { OPENAI_API_KEY: KEY },
      folder,
    );
    expect(result.code).to.equal(1);
    expect(result.stderr).to.include("warning [fallback]: falling back to the next target");
    expect(result.stderr).to.match(/\nerror: \[openai gpt-4o-mini\] .*upstream refused key \[REDACTED\]/);
    expect(result.stdout + result.stderr).not.to.include(KEY);
  });
});
