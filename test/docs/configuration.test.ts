import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "chai";
import { type BuiltinPlugins, loadBuiltinPlugins } from "../../scripts/config-docs/load-builtin-plugins.js";
import {
  REGENERATE_COMMAND,
  renderConfigurationDoc,
} from "../../scripts/config-docs/render-configuration-doc.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
type SchemaNode = Record<string, unknown>;
const isNode = (value: unknown): value is SchemaNode => typeof value === "object" && value !== null;
const readJson = (path: string) => JSON.parse(readFileSync(path, "utf8")) as SchemaNode;

/** The keys listed in each section of the page, by the section's heading. */
function documentedKeys(page: string): Map<string, string[]> {
  const sections = new Map<string, string[]>();
  let heading = "";
  for (const line of page.split("\n")) {
    if (/^#{2,3} /.test(line)) heading = line.replace(/^#+ /, "");
    const key = /^- `([^`]+)` \(/.exec(line)?.[1];
    if (key) sections.set(heading, [...(sections.get(heading) ?? []), key]);
  }
  return sections;
}

/** Every property name a schema declares anywhere (definitions included). */
function declaredNames(node: unknown, found = new Set<string>()): Set<string> {
  if (!isNode(node)) return found;
  if (isNode(node.properties) && !Array.isArray(node.properties)) {
    for (const name of Object.keys(node.properties)) found.add(name);
  }
  for (const child of Object.values(node)) declaredNames(child, found);
  return found;
}

function resolve(node: SchemaNode, root: SchemaNode): SchemaNode {
  if (typeof node.$ref !== "string") return node;
  const target = node.$ref
    .slice(2)
    .split("/")
    .reduce<unknown>((at, segment) => (isNode(at) ? at[segment] : undefined), root);
  return isNode(target) ? resolve(target, root) : {};
}

/** Whether a documented key (`clients.<name>.fallbacks[].model`) names a place the schema declares. */
function schemaHasKey(schema: SchemaNode, key: string): boolean {
  let node: SchemaNode | undefined = schema;
  for (const segment of key.split(".")) {
    const name = segment.replace(/\[\]$/, "");
    const current: SchemaNode = resolve(node, schema);
    const properties: SchemaNode = isNode(current.properties) ? current.properties : {};
    const next: unknown = name === "<name>" ? current.additionalProperties : properties[name];
    if (!isNode(next) || (name !== "<name>" && !Object.hasOwn(properties, name))) return false;
    node = segment.endsWith("[]") ? (resolve(next, schema).items as SchemaNode | undefined) : next;
    if (!isNode(node)) return false;
  }
  return true;
}

/** What is wrong between one schema and the keys documented for it (empty when they agree). */
function compareKeys(schema: SchemaNode, keys: string[] | undefined, what: string): string[] {
  if (!keys) return [`${what}: no section in docs/configuration.md`];
  const problems = keys
    .filter((key) => !schemaHasKey(schema, key))
    .map((key) => `${what}: the page names \`${key}\`, which the schema does not have`);
  const leafNames = new Set(keys.map((key) => key.split(".").at(-1)?.replace(/\[\]$/, "")));
  for (const name of declaredNames(schema)) {
    if (!leafNames.has(name)) problems.push(`${what}: the schema's key "${name}" is missing from the page`);
  }
  return problems;
}

describe("docs/configuration.md", () => {
  let builtins: BuiltinPlugins;
  let page: string;

  before(async () => {
    builtins = await loadBuiltinPlugins(root);
    page = readFileSync(join(root, "docs", "configuration.md"), "utf8");
  });

  it(`is what the generator writes from the schemas now (else run: ${REGENERATE_COMMAND})`, () => {
    expect(
      page === renderConfigurationDoc(root, builtins),
      `out of date: run ${REGENERATE_COMMAND}`,
    ).to.equal(true);
  });

  it("documents every key of the config schema, and no key it does not have", () => {
    const schema = readJson(join(root, "schemas", "llm.config.schema.json"));
    expect(
      compareKeys(schema, documentedKeys(page).get("The config file"), "llm.config.schema.json"),
    ).to.deep.equal([]);
  });

  it("documents every key of each options schema in schemas/, and of each built-in plugin's own options schema", () => {
    const sections = documentedKeys(page);
    const problems: string[] = [];
    for (const file of readdirSync(join(root, "schemas")).filter((name) =>
      name.endsWith(".options.schema.json"),
    )) {
      const plugin = file.replace(".options.schema.json", "");
      problems.push(
        ...compareKeys(readJson(join(root, "schemas", file)), sections.get(`\`${plugin}\``), file),
      );
    }
    for (const plugin of builtins.plugins) {
      const keys = sections.get(`\`${plugin.name}\``) ?? [];
      problems.push(
        ...compareKeys(
          plugin.optionsSchema,
          declaredNames(plugin.optionsSchema).size ? keys : [],
          plugin.name,
        ),
      );
    }
    expect(problems).to.deep.equal([]);
  });

  it("documents every key of each provider type's instance schema, for every type the built-in plugins register", () => {
    const sections = documentedKeys(page);
    expect(builtins.providerTypes.map((entry) => entry.type)).to.include.members([
      "openai",
      "google",
      "anthropic",
    ]);
    const problems = builtins.providerTypes.flatMap(({ type, plugin, registration }) =>
      compareKeys(
        registration.instanceSchema ?? {},
        sections.get(`\`${type}\` (plugin \`${plugin}\`)`) ?? [],
        `provider type ${type}`,
      ),
    );
    expect(problems).to.deep.equal([]);
  });

  it("the key check catches a key the schema lacks and a schema key the page lacks", () => {
    const schema = {
      type: "object",
      properties: {
        kept: { type: "string" },
        dropped: { type: "string" },
        list: { type: "array", items: { type: "object", properties: { inner: {} } } },
      },
    };
    expect(compareKeys(schema, ["kept", "invented", "list", "list[].inner"], "fake")).to.deep.equal([
      "fake: the page names `invented`, which the schema does not have",
      'fake: the schema\'s key "dropped" is missing from the page',
    ]);
  });
});
