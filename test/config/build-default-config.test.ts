import { expect } from "chai";
import { DEFAULT_BEHAVIOUR_PLUGINS, loadConfig } from "../../src/config/load-config.js";
import { makeTempDir, removeTempDirs } from "./config-test-helpers.js";

const KEYS = {
  OPENAI_API_KEY: "sk-openai-default-0123456789",
  GEMINI_API_KEY: "gemini-default-0123456789",
  ANTHROPIC_API_KEY: "sk-ant-default-0123456789",
};

async function defaultWith(env: Record<string, string | undefined>) {
  return loadConfig({ cwd: await makeTempDir(), env });
}

function chainOf(config: Awaited<ReturnType<typeof loadConfig>>): string[] {
  return (config.clients.default?.targets ?? []).map((target) => `${target.provider}:${target.model}`);
}

describe("the default config (no config file)", () => {
  afterEach(removeTempDirs);

  it("loads the retry, fallback and id-translation behaviour plugins", () => {
    expect(DEFAULT_BEHAVIOUR_PLUGINS).to.deep.equal(["retry", "fallback", "id-translation"]);
  });

  it("uses every provider whose key is set, gpt-4o first, the others as fallbacks", async () => {
    const config = await defaultWith(KEYS);
    expect(config.isDefault).to.equal(true);
    expect(config.plugins.map((entry) => entry.use)).to.deep.equal([
      "openai",
      "google",
      "anthropic",
      "retry",
      "fallback",
      "id-translation",
    ]);
    expect(chainOf(config)).to.deep.equal([
      "openai:gpt-4o",
      "google:gemini-2.5-flash",
      "anthropic:claude-sonnet-4-6",
    ]);
    expect(config.clients.default.timeoutMs).to.equal(600_000);
  });

  it("names each provider instance as its type and leaves apiKey for the kernel to fill", async () => {
    const config = await defaultWith(KEYS);
    expect(config.providers).to.deep.equal({
      openai: { name: "openai", type: "openai" },
      google: { name: "google", type: "google" },
      anthropic: { name: "anthropic", type: "anthropic" },
    });
    expect(config.secrets).to.have.members(Object.values(KEYS));
  });

  it("starts with the first available provider", async () => {
    expect(chainOf(await defaultWith({ ANTHROPIC_API_KEY: KEYS.ANTHROPIC_API_KEY }))).to.deep.equal([
      "anthropic:claude-sonnet-4-6",
    ]);
    expect(
      chainOf(
        await defaultWith({ GOOGLE_API_KEY: "google-default-0123456789", ANTHROPIC_API_KEY: "k-0123456789" }),
      ),
    ).to.deep.equal(["google:gemini-2.5-flash", "anthropic:claude-sonnet-4-6"]);
  });

  it("has no clients and only the behaviour plugins when no key is set (an empty key counts as unset)", async () => {
    const config = await defaultWith({ OPENAI_API_KEY: "" });
    expect(config.clients).to.deep.equal({});
    expect(config.providers).to.deep.equal({});
    expect(config.plugins.map((entry) => entry.use)).to.deep.equal([...DEFAULT_BEHAVIOUR_PLUGINS]);
  });

  it("is deep-frozen like any other config", async () => {
    const config = await defaultWith(KEYS);
    expect(Object.isFrozen(config.clients.default.targets[0])).to.equal(true);
    expect(Object.isFrozen(config.plugins)).to.equal(true);
  });
});
