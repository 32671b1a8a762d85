// biome-ignore-all lint/suspicious/noTemplateCurlyInString: configs hold ${VAR} references as plain strings
import { createHash } from "node:crypto";
import { expect } from "chai";
import { loadConfig } from "../../src/config/load-config.js";

const KEY = "gw-config-canary-4c5d6e7f";
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

const base = {
  plugins: ["openai"],
  providers: { openai: { type: "openai", apiKey: "sk-test" } },
  clients: { default: { model: "gpt-4o" }, cheap: { model: "gpt-4o-mini" } },
};

async function failure(server: unknown): Promise<Error> {
  try {
    await loadConfig({ config: { ...base, server }, env: { GW_KEY: KEY } });
  } catch (error) {
    return error as Error;
  }
  throw new Error("the config loaded");
}

describe("the config's server section (the gateway's keys and limits)", () => {
  it("keeps only the hash of a key from the environment, and counts the key as a secret", async () => {
    const resolved = await loadConfig({
      config: {
        ...base,
        server: {
          requestsPerMinute: 100,
          maxConcurrentRequests: 8,
          keys: [
            { name: "app", key: "${GW_KEY}", clients: ["default"] },
            { name: "batch", sha256: sha256("other"), clients: ["*"], requestsPerMinute: 5 },
          ],
        },
      },
      env: { GW_KEY: KEY },
    });
    expect(resolved.server?.keys).to.deep.equal([
      { name: "app", sha256: sha256(KEY), clients: ["default"], requestsPerMinute: 100 },
      { name: "batch", sha256: sha256("other"), clients: ["*"], requestsPerMinute: 5 },
    ]);
    expect(resolved.server?.maxConcurrentRequests).to.equal(8);
    expect(JSON.stringify(resolved.server)).to.not.include(KEY);
    expect(resolved.secrets).to.include(KEY);
  });

  it("refuses a key written out in the file, naming the pointer", async () => {
    const error = await failure({ keys: [{ name: "app", key: KEY, clients: ["*"] }] });
    expect(error.message).to.include("/server/keys/0/key");
    expect(error.message).to.not.include(KEY);
  });

  it("refuses a key for a client the config does not define", async () => {
    const error = await failure({
      keys: [{ name: "app", key: "${GW_KEY}", clients: ["default", "cheapo"] }],
    });
    expect(error.message).to.include("/server/keys/0/clients/1");
    expect(error.message).to.include("cheap");
  });

  it("refuses two keys of one name, and one key given twice", async () => {
    const named = await failure({
      keys: [
        { name: "app", sha256: sha256("a"), clients: ["*"] },
        { name: "app", sha256: sha256("b"), clients: ["*"] },
      ],
    });
    expect(named.message).to.include("/server/keys/1/name");
    const twice = await failure({
      keys: [
        { name: "one", key: "${GW_KEY}", clients: ["*"] },
        { name: "two", sha256: sha256(KEY), clients: ["*"] },
      ],
    });
    expect(twice.message).to.include("/server/keys/1");
    expect(twice.message).to.not.include(KEY);
  });

  it("refuses a key entry with neither or both of sha256 and key", async () => {
    const neither = await failure({ keys: [{ name: "app", clients: ["*"] }] });
    expect(neither.message).to.include("/server/keys/0");
    const hash = await failure({ keys: [{ name: "app", sha256: "ABC", clients: ["*"] }] });
    expect(hash.message).to.include("/server/keys/0/sha256");
  });
});
