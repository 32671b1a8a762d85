import { spawnSync } from "node:child_process";
import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { expect } from "chai";
import {
  type BuiltinSchema,
  collectBuiltinSchemas,
} from "../../scripts/compile-schemas/collect-builtin-schemas.js";
import {
  OUTPUT_FOLDER,
  REGENERATE_COMMAND,
  renderPrecompiledValidators,
} from "../../scripts/compile-schemas/render-precompiled-validators.js";
import { PRECOMPILED_VALIDATORS } from "../../src/config/precompiled-validators/index.js";
import { schemaFingerprint } from "../../src/config/schema-fingerprint.js";
import { listBuiltinPlugins } from "../../src/kernel/plugins/builtin-plugins.js";

const root = fileURLToPath(new URL("../../", import.meta.url));

/**
 * Builds a runtime in a fresh process through the public API and prints which ajv modules it
 * loaded: createRuntime with every built-in plugin and an instance of every built-in provider type,
 * then (to show the probe sees ajv when it is loaded) with a third-party plugin added.
 */
const CHILD_SOURCE = `
import { createRequire } from "node:module";
const { createRuntime } = await import(process.env.RUNTIME_URL);
const [builtinConfig, thirdPartyFolder] = JSON.parse(process.env.CHILD_INPUT);
const ajvModules = () =>
  Object.keys(createRequire(import.meta.url).cache).filter((file) => /node_modules[\\\\/]ajv(-formats)?[\\\\/]/.test(file));
const builtin = await createRuntime({ config: builtinConfig, env: {} });
const checked = builtin.clientNames();
await builtin.close();
const afterBuiltins = ajvModules();
const thirdParty = await createRuntime({
  config: { ...builtinConfig, plugins: [...builtinConfig.plugins, "./acme-plugin.mjs"] },
  cwd: thirdPartyFolder,
  env: {},
});
await thirdParty.close();
process.stdout.write(JSON.stringify({ checked, afterBuiltins, afterThirdParty: ajvModules() }));
`;

const ACME_PLUGIN = `export default {
  name: "acme", apiVersion: 2,
  optionsSchema: { type: "object", properties: { level: { type: "integer", default: 1 } }, additionalProperties: false },
  setup() {},
};
`;

/** The modules that compile schemas; ajv's small runtime helpers (ucs2length, equal) are fine. */
const AJV_COMPILER = /node_modules[\\/](ajv[\\/]dist[\\/](ajv|core)\.js|ajv-formats[\\/]dist[\\/]index\.js)$/;

/** The keys a provider type's entry cannot do without (the rest of an instance is optional). */
const REQUIRED_INSTANCE_KEYS: Record<string, Record<string, string>> = {
  "azure-openai": { endpoint: "https://my-resource.openai.azure.com", apiVersion: "2024-10-21" },
  "google-vertex": { project: "my-project", location: "us-central1" },
};

describe("precompiled validators of the runtime's own schemas", () => {
  let builtins: BuiltinSchema[];

  before(async () => {
    builtins = await collectBuiltinSchemas(root);
  });

  it(`are up to date in ${OUTPUT_FOLDER} (else run ${REGENERATE_COMMAND})`, async function () {
    this.timeout(20_000);
    const expected = renderPrecompiledValidators(builtins);
    const folder = join(root, OUTPUT_FOLDER);
    expect((await readdir(folder)).sort(), `stray files: run ${REGENERATE_COMMAND}`).to.deep.equal(
      [...expected.keys()].sort(),
    );
    for (const [name, text] of expected) {
      const current = await readFile(join(folder, name), "utf8");
      expect(current === text, `${OUTPUT_FOLDER}/${name} is out of date: run ${REGENERATE_COMMAND}`).to.equal(
        true,
      );
    }
  });

  it("cover the config schema and every built-in plugin's options and instance schemas", () => {
    const sources = builtins.map(({ source }) => source);
    expect(sources).to.include("schemas/llm.config.schema.json");
    for (const plugin of listBuiltinPlugins()) {
      expect(sources).to.include(`the optionsSchema of plugin "${plugin}"`);
    }
    for (const type of ["openai", "google", "anthropic", "scripted"]) {
      expect(sources.some((source) => source.startsWith(`the instanceSchema of provider type "${type}"`))).to
        .be.true;
    }
    const missing = builtins.filter(
      ({ schema, useDefaults }) => !PRECOMPILED_VALIDATORS.has(schemaFingerprint(schema, useDefaults)),
    );
    expect(missing.map(({ source }) => source)).to.deep.equal([]);
  });

  it("build a runtime of built-in plugins without loading ajv, which a third-party plugin still loads", async function () {
    this.timeout(60_000);
    const providerTypes = builtins
      .map(({ source }) => /^the instanceSchema of provider type "([^"]+)"/.exec(source)?.[1])
      .filter((type): type is string => type !== undefined);
    const builtinConfig = {
      plugins: listBuiltinPlugins(),
      providers: Object.fromEntries(
        providerTypes.map((type) => [`my-${type}`, { type, ...REQUIRED_INSTANCE_KEYS[type] }]),
      ),
      clients: { default: { provider: "my-scripted", model: "m" } },
    };
    const folder = await mkdtemp(join(tmpdir(), "llm-precompiled-"));
    await writeFile(join(folder, "acme-plugin.mjs"), ACME_PLUGIN);
    const child = spawnSync(
      process.execPath,
      ["--import", "tsx", "--input-type=module", "--eval", CHILD_SOURCE],
      {
        cwd: root,
        encoding: "utf8",
        env: {
          ...process.env,
          RUNTIME_URL: pathToFileURL(join(root, "src/index.ts")).href,
          CHILD_INPUT: JSON.stringify([builtinConfig, folder]),
        },
      },
    );
    expect(child.status, child.stderr).to.equal(0);
    const report = JSON.parse(child.stdout) as {
      checked: string[];
      afterBuiltins: string[];
      afterThirdParty: string[];
    };
    expect(report.checked).to.deep.equal(["default"]);
    expect(report.afterBuiltins.filter((file) => AJV_COMPILER.test(file))).to.deep.equal([]);
    expect(report.afterThirdParty.filter((file) => AJV_COMPILER.test(file))).to.have.length(3);
  });
});
