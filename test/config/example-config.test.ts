// biome-ignore-all lint/suspicious/noTemplateCurlyInString: configs hold ${VAR} references as plain strings
import { readFileSync } from "node:fs";
import { expect } from "chai";
import { compileSchema } from "../../src/config/compile-schema.js";
import { loadConfig } from "../../src/config/load-config.js";

const root = new URL("../../", import.meta.url);
const example = JSON.parse(readFileSync(new URL("llm.config.example.json", root), "utf8"));
const schema = JSON.parse(readFileSync(new URL("schemas/llm.config.schema.json", root), "utf8"));

type SchemaNode = Record<string, unknown>;

/** Every object schema in the config schema, with the names of its declared keys. */
function declaredKeys(node: unknown, found: Set<string> = new Set()): Set<string> {
  if (typeof node !== "object" || node === null) return found;
  const properties = (node as SchemaNode).properties as Record<string, unknown> | undefined;
  for (const key of Object.keys(properties ?? {})) found.add(key);
  for (const child of Object.values(node as SchemaNode)) declaredKeys(child, found);
  return found;
}

/** Every key used anywhere in a JSON value. */
function usedKeys(value: unknown, found: Set<string> = new Set()): Set<string> {
  if (typeof value !== "object" || value === null) return found;
  for (const [key, child] of Object.entries(value)) {
    if (!Array.isArray(value)) found.add(key);
    usedKeys(child, found);
  }
  return found;
}

/** Schema nodes that declare properties whose schemas lack a description. */
function undocumented(node: unknown, pointer = "", found: string[] = []): string[] {
  if (typeof node !== "object" || node === null) return found;
  const properties = (node as SchemaNode).properties as Record<string, SchemaNode> | undefined;
  for (const [key, child] of Object.entries(properties ?? {})) {
    if (typeof child.description !== "string") found.push(`${pointer}/properties/${key}`);
  }
  for (const [key, child] of Object.entries(node as SchemaNode))
    undocumented(child, `${pointer}/${key}`, found);
  return found;
}

describe("llm.config.example.json and the config schema", () => {
  it("the example validates against the schema", () => {
    expect(compileSchema(schema)(example)).to.deep.equal([]);
  });

  it("the example uses every key the schema declares (name is ignored by the runtime)", () => {
    const missing = [...declaredKeys(schema)].filter((key) => !usedKeys(example).has(key) && key !== "name");
    expect(missing).to.deep.equal([]);
  });

  it("the example names every built-in plugin, a relative plugin path, and a local OpenAI-compatible server", () => {
    const uses = example.plugins.map((entry: string | { use: string }) =>
      typeof entry === "string" ? entry : entry.use,
    );
    expect(uses).to.include.members([
      "openai",
      "google",
      "anthropic",
      "retry",
      "fallback",
      "id-translation",
      "debug-dump",
    ]);
    expect(uses.some((use: string) => use.startsWith("./"))).to.equal(true);
    expect(example.providers.ollama).to.include({ type: "openai", baseURL: "http://127.0.0.1:11434/v1" });
  });

  it("the example loads, its ${ENV} keys filled from the environment", async () => {
    const env = {
      OPENAI_API_KEY: "sk-a-0123456789",
      GEMINI_API_KEY: "g-0123456789",
      ANTHROPIC_API_KEY: "a-0123456789",
      GATEWAY_KEY_BILLING: "gw-0123456789",
      REDIS_URL: "redis://127.0.0.1:6379",
    };
    const config = await loadConfig({ configPath: new URL("llm.config.example.json", root).pathname, env });
    expect(config.clients.local.targets[0]).to.deep.include({ provider: "ollama", model: "llama3.1" });
    expect(config.clients.default.targets.map((target) => target.provider)).to.deep.equal([
      "openai",
      "google",
      "anthropic",
    ]);
  });

  it("every key in the schema carries a description (the configuration guide is generated from them)", () => {
    expect(undocumented(schema)).to.deep.equal([]);
    expect(schema.description).to.be.a("string");
  });
});
