// biome-ignore-all lint/suspicious/noTemplateCurlyInString: configs hold ${VAR} references as plain strings
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import { cli } from "./run-cli.js";

const CANARY = "sk-canary-cli-json-0123456789abcdef";
const HEADER_CANARY = "hdr-canary-cli-json-0123456789";

describe("llm-runtime config check --json", function () {
  this.timeout(30_000);
  let folder: string;

  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), "llm-runtime-cli-json-"));
  });

  afterEach(() => rm(folder, { recursive: true, force: true }));

  it("prints each client's resolved chain, with every secret masked", async () => {
    const configPath = join(folder, "llm.config.json");
    await writeFile(
      configPath,
      JSON.stringify({
        plugins: ["openai", "scripted", "fallback"],
        providers: {
          openai: {
            type: "openai",
            apiKey: "${OPENAI_API_KEY}",
            baseURL: `https://user:${HEADER_CANARY}@llm.example/v1?key=${HEADER_CANARY}`,
          },
          mock: { type: "scripted", rules: [{ reply: { text: "hi" } }] },
        },
        clients: {
          default: {
            provider: "openai",
            model: "gpt-4o",
            params: {
              temperature: 0.2,
              reasoning_effort: "low",
              user: "${OPENAI_API_KEY}",
              metadata: { note: `x ${CANARY}` },
            },
            providerParams: { openai: { store: false } },
            fallbacks: [{ provider: "mock", model: "scripted-1", params: { temperature: 0 } }],
          },
        },
      }),
    );
    const result = await cli(["config", "check", "--json", "--config", configPath], {
      OPENAI_API_KEY: CANARY,
    });
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stdout + result.stderr).not.to.include(CANARY);
    expect(result.stdout + result.stderr).not.to.include(HEADER_CANARY);
    const printed = JSON.parse(result.stdout);
    expect(printed).to.include({ valid: true, config: configPath, isDefault: false });
    expect(printed.plugins).to.deep.equal(["openai", "scripted", "fallback"]);
    expect(printed.providers.openai).to.deep.equal({
      type: "openai",
      baseURL: "https://llm.example/v1",
      apiKey: "****",
    });
    expect(printed.clients.default.chain).to.deep.equal([
      {
        role: "primary",
        provider: "openai",
        providerType: "openai",
        model: "gpt-4o",
        params: { temperature: 0.2, reasoning_effort: "low", user: "****", metadata: { note: "x ****" } },
        providerParams: { store: false },
        leavesOut: ["reasoning_effort"],
      },
      {
        role: "fallback 1",
        provider: "mock",
        providerType: "scripted",
        model: "scripted-1",
        params: { temperature: 0, reasoning_effort: "low", user: "****", metadata: { note: "x ****" } },
        leavesOut: [],
      },
    ]);
    expect(printed.clients.default).to.include({ timeoutMs: 600000 });
  });

  it("exits 2 with the config error, not JSON, when the config is invalid", async () => {
    const configPath = join(folder, "llm.config.json");
    await writeFile(
      configPath,
      JSON.stringify({ clients: { default: { provider: "nowhere", model: "m" } } }),
    );
    const result = await cli(["config", "check", "--json", "--config", configPath]);
    expect(result.code).to.equal(2);
    expect(result.stdout).to.equal("");
    expect(result.stderr).to.include("/clients/default");
  });
});
