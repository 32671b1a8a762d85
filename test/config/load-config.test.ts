// biome-ignore-all lint/suspicious/noTemplateCurlyInString: configs hold ${VAR} references as plain strings
import path from "node:path";
import { expect } from "chai";
import { loadConfig } from "../../src/config/load-config.js";
import { CANARY, makeTempDir, removeTempDirs, writeFiles } from "./config-test-helpers.js";

const env = { OPENAI_API_KEY: CANARY, PROXY_TOKEN: "proxy-token-0123456789", HOST: "127.0.0.1" };

const config = {
  plugins: ["openai", { use: "retry", options: { maxRetries: 2, note: "host ${HOST}" } }],
  providers: {
    openai: { type: "openai", apiKey: "${OPENAI_API_KEY}" },
    local: {
      type: "openai",
      baseURL: "http://${HOST}:11434/v1",
      headers: { "X-Proxy-Token": "${PROXY_TOKEN}" },
      keepAlive: true,
    },
  },
  clients: {
    default: {
      model: "gpt-4o",
      params: { temperature: 0.7, max_tokens: 100 },
      fallbacks: [{ model: "local/llama3.1", params: { max_tokens: 4096, stop: ["$${END}"] } }],
    },
    quick: { provider: "local", model: "qwen", timeoutMs: 5000 },
  },
  files: { allowedRoots: ["attachments", "/srv/shared"] },
};

describe("loadConfig resolution", () => {
  afterEach(removeTempDirs);

  it("interpolates ${VAR} in every string: provider entries, headers, params and plugin options", async () => {
    const resolved = await loadConfig({ config, env, cwd: "/app" });
    expect(resolved.providers.openai.apiKey).to.equal(CANARY);
    expect(resolved.providers.local.baseURL).to.equal("http://127.0.0.1:11434/v1");
    expect(resolved.providers.local.headers).to.deep.equal({ "X-Proxy-Token": "proxy-token-0123456789" });
    expect(resolved.plugins[1]).to.deep.equal({
      use: "retry",
      options: { maxRetries: 2, note: "host 127.0.0.1" },
      pointer: "/plugins/1",
    });
  });

  it("keeps $${...} as a literal ${...}", async () => {
    const resolved = await loadConfig({ config, env, cwd: "/app" });
    expect(resolved.clients.default.targets[1].params.stop).to.deep.equal(["${END}"]);
  });

  it("reads variables from the env option, not from process.env", async () => {
    process.env.LLM_CONFIG_TEST_ONLY_IN_PROCESS = "from-process";
    try {
      const inline = {
        providers: { openai: { type: "openai", apiKey: "${LLM_CONFIG_TEST_ONLY_IN_PROCESS}" } },
      };
      let failed = false;
      await loadConfig({ config: inline, env: {} }).catch(() => {
        failed = true;
      });
      expect(failed).to.equal(true);
    } finally {
      delete process.env.LLM_CONFIG_TEST_ONLY_IN_PROCESS;
    }
  });

  it("builds each client's chain with fallback params merged over the client's", async () => {
    const resolved = await loadConfig({ config, env, cwd: "/app" });
    expect(resolved.clients.default).to.deep.equal({
      name: "default",
      timeoutMs: 600_000,
      idleTimeoutMs: 60_000,
      targets: [
        {
          provider: "openai",
          providerType: "openai",
          model: "gpt-4o",
          params: { temperature: 0.7, max_tokens: 100 },
          pointer: "/clients/default",
        },
        {
          provider: "local",
          providerType: "openai",
          model: "llama3.1",
          params: { temperature: 0.7, max_tokens: 4096, stop: ["${END}"] },
          pointer: "/clients/default/fallbacks/0",
        },
      ],
    });
    expect(resolved.clients.quick.timeoutMs).to.equal(5000);
  });

  it("names every provider instance and keeps the keys its plugin will validate", async () => {
    const resolved = await loadConfig({ config, env, cwd: "/app" });
    expect(resolved.providers.local).to.deep.include({ name: "local", type: "openai", keepAlive: true });
  });

  it("fills defaults: logging level, file size limit, roots resolved against the config's folder", async () => {
    const resolved = await loadConfig({ config, env, cwd: "/app" });
    expect(resolved.logging).to.deep.equal({ level: "warn" });
    expect(resolved.files).to.deep.equal({
      maxBytes: 20 * 1024 * 1024,
      allowedRoots: [path.resolve("/app/attachments"), path.resolve("/srv/shared")],
    });
    expect(resolved.baseDir).to.equal(path.resolve("/app"));
    const cwd = await makeTempDir();
    await writeFiles(cwd, { "conf/llm.config.json": config });
    const fromFile = await loadConfig({ cwd, configPath: "conf/llm.config.json", env });
    expect(fromFile.files.allowedRoots[0]).to.equal(path.join(cwd, "conf", "attachments"));
  });

  it("collects every apiKey and header value, after interpolation, as secrets", async () => {
    const resolved = await loadConfig({ config, env, cwd: "/app" });
    expect(resolved.secrets).to.have.members([CANARY, "proxy-token-0123456789"]);
  });

  it("returns a config frozen at every depth (fault I9, docs/reliability.md)", async () => {
    const resolved = await loadConfig({ config, env, cwd: "/app" });
    const params = resolved.clients.default.targets[1].params as Record<string, unknown>;
    expect(() => {
      params.temperature = 2;
    }).to.throw(TypeError);
    expect(() => (params.stop as string[]).push("x")).to.throw(TypeError);
    expect(() => {
      (resolved.plugins[1].options as Record<string, unknown>).maxRetries = 9;
    }).to.throw(TypeError);
    expect(() => {
      resolved.secrets.push("x");
    }).to.throw(TypeError);
    expect(Object.isFrozen(resolved.providers.local.headers)).to.equal(true);
  });
});
