import { expect } from "chai";
import { createRuntime } from "../../src/index.js";
import { CANARY, expectConfigError, makeTempDir, removeTempDirs, writeFiles } from "./config-test-helpers.js";

describe("config through createRuntime", () => {
  afterEach(removeTempDirs);

  it("rejects a discovered config whose fallback names an unknown provider, before loading any plugin", async () => {
    const cwd = await makeTempDir();
    await writeFiles(cwd, {
      "llm.config.json": {
        plugins: ["./never-loaded.mjs"],
        providers: { openai: { type: "openai", apiKey: CANARY } },
        clients: {
          default: { model: "gpt-4o", fallbacks: [{ provider: "antropic", model: "claude-sonnet-4-5" }] },
        },
      },
    });
    const error = await expectConfigError(createRuntime({ cwd, env: {} }));
    expect(error.file).to.equal("llm.config.json");
    expect(error.pointer).to.equal("/clients/default/fallbacks/0/provider");
  });

  it("builds the default config's plugins and client from the keys in env when no file exists", async () => {
    const runtime = await createRuntime({ cwd: await makeTempDir(), env: { OPENAI_API_KEY: CANARY } });
    try {
      expect(runtime.clientNames()).to.deep.equal(["default"]);
      expect(runtime.providerClient("openai")).to.be.an("object");
    } finally {
      await runtime.close();
    }
  });

  it("explains what to do when no file exists and no key is set", async () => {
    const runtime = await createRuntime({ cwd: await makeTempDir(), env: {} });
    try {
      expect(runtime.clientNames()).to.deep.equal([]);
      expect(() => runtime.client()).to.throw(/no config file was found and no provider API key is set/);
    } finally {
      await runtime.close();
    }
  });
});
