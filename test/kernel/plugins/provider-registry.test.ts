import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import { ConfigError, createRuntime } from "../../../src/index.js";
import { captureLogger } from "../runtime-fixture.js";

/** A provider plugin that records the instance config its factory receives. */
const probePlugin = `export const seen = [];
export default {
  name: "probe", apiVersion: 2, optionsSchema: { type: "object" },
  setup(context) {
    context.registerProvider("probe", (instance) => {
      seen.push(instance);
      return { async generate() { throw new Error("unused"); } };
    }, {
      apiKeyEnv: ["PROBE_API_KEY"],
      instanceSchema: { type: "object", additionalProperties: false, properties: {
        type: { const: "probe" }, apiKey: { type: "string" },
        region: { type: "string", default: "eu" }, maxTokens: { type: "integer", default: 4096 } } },
    });
  },
};
`;

async function probeRuntime(instance: Record<string, unknown>, env: Record<string, string> = {}) {
  const dir = await mkdtemp(join(tmpdir(), "llm-runtime-registry-"));
  const pluginPath = join(dir, "probe.mjs");
  await writeFile(pluginPath, probePlugin);
  const runtime = await createRuntime({
    config: {
      plugins: [pluginPath],
      providers: {
        main: { type: "probe", ...instance },
        unused: { type: "probe", apiKey: "unused-key-0000" },
      },
      clients: { default: { provider: "main", model: "m" } },
    },
    env,
    logger: captureLogger().logger,
  });
  const { seen } = (await import(pluginPath)) as { seen: Array<Record<string, unknown>> };
  return { runtime, seen };
}

describe("building provider instances", () => {
  it("gives the factory the instance with its type's schema defaults filled in and its name", async () => {
    const { seen } = await probeRuntime({ apiKey: "probe-key-0000", region: "us" });
    expect(seen).to.deep.equal([
      { name: "main", type: "probe", apiKey: "probe-key-0000", region: "us", maxTokens: 4096 },
    ]);
  });

  it("takes the API key from the type's environment variable and builds no instance that no client uses", async () => {
    const { seen, runtime } = await probeRuntime({}, { PROBE_API_KEY: "from-the-env-1234" });
    expect(seen.map((instance) => [instance.name, instance.apiKey])).to.deep.equal([
      ["main", "from-the-env-1234"],
    ]);
    expect(() => runtime.providerClient("unused")).to.throw(ConfigError);
  });

  it("names the pointer and the variables to set when no key can be found", async () => {
    const error = await probeRuntime({}).catch((thrown) => thrown);
    expect(error).to.be.instanceOf(ConfigError);
    expect(error).to.include({ pointer: "/providers/main/apiKey" });
    expect(error.message).to.include("set PROBE_API_KEY in the environment");
  });

  it("refuses an instance key the type's schema does not allow", async () => {
    const error = await probeRuntime({ apiKey: "probe-key-0000", regoin: "us" }).catch((thrown) => thrown);
    expect(error).to.be.instanceOf(ConfigError);
    expect(error.message).to.match(/\/providers\/main.*unknown key "regoin"/);
  });
});
