/**
 * A config must not silently switch fallback off, and `config check` must say what it did not
 * check: through createRuntime against the fake servers, and through the CLI run in-process.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { main } from "../../src/cli/main.js";
import type { LLMError } from "../../src/index.js";
import { PROMPT, useFaultHarness } from "./support/fault-harness.js";
import { ANTHROPIC, OPENAI } from "./support/fault-providers.js";

type LoadError = LLMError & { pointer?: string };

describe("faults: config guards", function () {
  this.timeout(20_000);
  const harness = useFaultHarness();
  let folder = "";

  beforeEach(async () => {
    folder = await mkdtemp(path.join(tmpdir(), "llm-faults-guards-"));
  });
  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  /** Two providers on the fake servers; openai primary, anthropic fallback. */
  function chainConfig(plugins?: unknown[]): Record<string, unknown> {
    return {
      ...(plugins ? { plugins } : {}),
      providers: {
        openai: OPENAI.instance(harness.servers.openai, harness.canaries.openai),
        anthropic: ANTHROPIC.instance(harness.servers.anthropic, harness.canaries.anthropic),
      },
      clients: {
        default: {
          provider: "openai",
          model: OPENAI.model,
          fallbacks: [{ provider: "anthropic", model: ANTHROPIC.model }],
        },
      },
    };
  }

  async function checkOutput(
    args: string[],
    env: Record<string, string> = {},
  ): Promise<{ code: number; text: string }> {
    const written: string[] = [];
    const io = {
      stdout: { write: (text: string) => written.push(text) },
      stderr: { write: (text: string) => written.push(text) },
      env,
      cwd: folder,
    };
    const code = await main(["config", "check", ...args], io);
    const text = written.join("");
    harness.scanText(text);
    return { code, text };
  }

  harness.test("a client with fallbacks but no fallback plugin is a ConfigError naming the fix", async () => {
    const error = (await harness.failure(
      harness.createRuntime({ config: chainConfig(["openai", "anthropic", "retry"]) }),
    )) as unknown as LoadError;
    expect(error.code).to.equal("config");
    expect(error.pointer).to.equal("/clients/default/fallbacks/0");
    expect(error.message).to.include("no fallback plugin is loaded");
    expect(error.fix).to.include('add "fallback" to "plugins"');
  });

  harness.test("retry settings with no retry plugin loaded are a ConfigError naming the option", async () => {
    const config = chainConfig([
      "openai",
      "anthropic",
      "fallback",
      { use: "health", options: { retryBudgetRatio: 0.5 } },
    ]);
    const error = (await harness.failure(harness.createRuntime({ config }))) as unknown as LoadError;
    expect(error.code).to.equal("config");
    expect(error.pointer).to.equal("/plugins/3/options/retryBudgetRatio");
    expect(error.fix).to.include('add "retry" to "plugins"');
    const withRetry = chainConfig([
      "openai",
      "anthropic",
      "fallback",
      "retry",
      { use: "health", options: { retryBudgetRatio: 0.5 } },
    ]);
    await harness.createRuntime({ config: withRetry });
  });

  harness.test("a config without a plugins key gets the default set, and so falls back", async () => {
    harness.servers.openai.setDefaultReply(OPENAI.errorReply({ status: 503, message: "overloaded" }));
    harness.servers.anthropic.setDefaultReply(ANTHROPIC.text("from the fallback"));
    const runtime = await harness.createRuntime({ config: chainConfig() });
    const output = await runtime.client().generateResponse(PROMPT);
    expect(output.content).to.equal("from the fallback");
    expect(output.provider).to.equal("anthropic");
  });

  harness.test("config check masks a key reused in params, from the config or the environment", async () => {
    const key = harness.canaries.openai;
    await writeFile(
      path.join(folder, "llm.config.json"),
      JSON.stringify({
        plugins: ["openai"],
        providers: { openai: { type: "openai", baseURL: "http://127.0.0.1:9/v1" } },
        clients: {
          default: {
            provider: "openai",
            model: "gpt-4o",
            params: { user: ["$", "{OPENAI_API_KEY}"].join("") },
          },
        },
      }),
    );
    for (const json of [[], ["--json"]]) {
      const { code, text } = await checkOutput(json, { OPENAI_API_KEY: key });
      expect(code).to.equal(0);
      expect(text).to.not.include(key.slice(-12));
      expect(text).to.include("****");
    }
  });

  harness.test("config check on {} says there is nothing to call", async () => {
    await writeFile(path.join(folder, "llm.config.json"), "{}");
    const { code, text } = await checkOutput([]);
    expect(code).to.equal(0);
    expect(text).to.include("defines no clients");
    expect(text).to.not.match(/config is valid\n$/);
  });

  harness.test("config check names the config-looking files in the folder that were not read", async () => {
    await writeFile(path.join(folder, "llm.config.json"), "{}");
    await writeFile(path.join(folder, ".llmrc.yaml"), "clients: {}\n");
    await writeFile(path.join(folder, "llm.config.mjs"), "export default {};\n");
    const { text } = await checkOutput([]);
    expect(text).to.include("note: .llmrc.yaml was not read");
    expect(text).to.include("note: llm.config.mjs was not read");
    expect(text).to.not.include("note: llm.config.json");
  });

  harness.test('an unknown plugin name gets a "did you mean"', async () => {
    const error = await harness.failure(
      harness.createRuntime({ config: { plugins: ["openai", "retyr"], providers: {}, clients: {} } }),
    );
    expect(error.code).to.equal("plugin");
    expect((error as unknown as LLMError).fix).to.include('did you mean "retry"?');
  });
});
