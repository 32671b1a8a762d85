import { existsSync } from "node:fs";
import path from "node:path";
import { expect } from "chai";
import { loadConfig } from "../../src/config/load-config.js";
import { expectConfigError, makeTempDir, removeTempDirs, writeFiles } from "./config-test-helpers.js";

const env = { OPENAI_API_KEY: "sk-test-discovery-0123456789" };

/** A config whose default client's model tells which file it came from. */
function configNamed(model: string) {
  return { plugins: ["openai"], providers: { openai: { type: "openai" } }, clients: { default: { model } } };
}

function modelOf(config: Awaited<ReturnType<typeof loadConfig>>): string | undefined {
  return config.clients.default?.targets[0].model;
}

/** JS that leaves a marker file when it runs, so a test can prove it never ran. */
function codeThatLeavesMarker(marker: string, model = "gpt-from-js"): string {
  return `import { writeFileSync } from "node:fs";\nwriteFileSync(${JSON.stringify(marker)}, "ran");\nexport default ${JSON.stringify(configNamed(model))};\n`;
}

describe("loadConfig discovery", () => {
  afterEach(removeTempDirs);

  for (const [name, content] of [
    ["llm.config.json", JSON.stringify(configNamed("gpt-json"))],
    [".llmrc.json", JSON.stringify(configNamed("gpt-json"))],
    [".llmrc", JSON.stringify(configNamed("gpt-json"))],
    [
      ".llmrc",
      "plugins: [openai]\nproviders:\n  openai: { type: openai }\nclients:\n  default: { model: gpt-json }\n",
    ],
  ] as const) {
    it(`finds ${name} (${content.startsWith("{") ? "JSON" : "YAML"}) in cwd`, async () => {
      const cwd = await makeTempDir();
      await writeFiles(cwd, { [name]: content });
      const config = await loadConfig({ cwd, env });
      expect(config.isDefault).to.equal(false);
      expect(config.file).to.equal(path.join(cwd, name));
      expect(config.baseDir).to.equal(cwd);
      expect(modelOf(config)).to.equal("gpt-json");
    });
  }

  it("finds the llm key of package.json, and prefixes its pointers with /llm", async () => {
    const cwd = await makeTempDir();
    await writeFiles(cwd, { "package.json": { name: "app", llm: configNamed("gpt-package") } });
    const config = await loadConfig({ cwd, env });
    expect(modelOf(config)).to.equal("gpt-package");
    expect(config.plugins[0].pointer).to.equal("/llm/plugins/0");
    expect(config.pointerPrefix).to.equal("/llm");
    expect(config.clients.default.targets[0].pointer).to.equal("/llm/clients/default");
  });

  it("skips a package.json without an llm key and keeps searching the same folder", async () => {
    const cwd = await makeTempDir();
    await writeFiles(cwd, { "package.json": { name: "app" }, "llm.config.json": configNamed("gpt-file") });
    expect(modelOf(await loadConfig({ cwd, env }))).to.equal("gpt-file");
  });

  it("takes the first search place found in a folder (.llmrc.json before llm.config.json)", async () => {
    const cwd = await makeTempDir();
    await writeFiles(cwd, {
      ".llmrc.json": configNamed("gpt-rc-json"),
      "llm.config.json": configNamed("gpt-file"),
    });
    expect(modelOf(await loadConfig({ cwd, env }))).to.equal("gpt-rc-json");
  });

  it("searches upward from cwd to the project root (the folder with package.json)", async () => {
    const root = await makeTempDir();
    await writeFiles(root, { "package.json": { name: "app" }, "llm.config.json": configNamed("gpt-root") });
    const config = await loadConfig({ cwd: path.join(root, "src", "deep"), env });
    expect(modelOf(config)).to.equal("gpt-root");
    expect(config.baseDir).to.equal(root);
  });

  it("does not search above the project root", async () => {
    const outer = await makeTempDir();
    await writeFiles(outer, {
      "llm.config.json": configNamed("gpt-planted"),
      "app/package.json": { name: "app" },
    });
    const config = await loadConfig({ cwd: path.join(outer, "app"), env });
    expect(config.isDefault).to.equal(true);
  });

  it("searches only cwd when no package.json exists above it", async () => {
    const outer = await makeTempDir();
    await writeFiles(outer, { "llm.config.json": configNamed("gpt-planted"), "work/.keep": "" });
    const config = await loadConfig({ cwd: path.join(outer, "work"), env });
    expect(config.isDefault).to.equal(true);
  });

  it("never runs a JS config found by discovery, in cwd or in a parent folder (fault I1, docs/reliability.md)", async () => {
    const root = await makeTempDir();
    const marker = path.join(root, "ran.txt");
    await writeFiles(root, {
      "package.json": { name: "app" },
      "llm.config.js": codeThatLeavesMarker(marker),
      "llm.config.mjs": codeThatLeavesMarker(marker),
      ".llmrc.js": codeThatLeavesMarker(marker),
      ".llmrc.cjs": `require("node:fs").writeFileSync(${JSON.stringify(marker)}, "ran");`,
      ".config/llmrc.js": codeThatLeavesMarker(marker),
      "sub/llm.config.ts": codeThatLeavesMarker(marker),
    });
    const config = await loadConfig({ cwd: path.join(root, "sub"), env });
    expect(config.isDefault).to.equal(true);
    expect(existsSync(marker)).to.equal(false);
  });

  it("refuses $import in a discovered config, so it cannot pull in a JS file", async () => {
    const cwd = await makeTempDir();
    const marker = path.join(cwd, "ran.txt");
    await writeFiles(cwd, {
      "llm.config.json": { $import: "./evil.js", ...configNamed("gpt-4o") },
      "evil.js": codeThatLeavesMarker(marker),
    });
    const error = await expectConfigError(loadConfig({ cwd, env }));
    expect(error.message).to.include('"$import" is not supported');
    expect(existsSync(marker)).to.equal(false);
  });

  it("returns the default config when no file exists", async () => {
    const cwd = await makeTempDir();
    const config = await loadConfig({ cwd, env });
    expect(config.isDefault).to.equal(true);
    expect(config.file).to.equal(undefined);
    expect(config.baseDir).to.equal(cwd);
  });
});

describe("loadConfig with an explicit configPath", () => {
  afterEach(removeTempDirs);

  it("loads an ES module config's default export, running it because its path was given", async () => {
    const cwd = await makeTempDir();
    const marker = path.join(cwd, "ran.txt");
    await writeFiles(cwd, { "conf/llm.config.mjs": codeThatLeavesMarker(marker, "gpt-mjs") });
    const config = await loadConfig({ cwd, configPath: "conf/llm.config.mjs", env });
    expect(existsSync(marker)).to.equal(true);
    expect(modelOf(config)).to.equal("gpt-mjs");
    expect(config.baseDir).to.equal(path.join(cwd, "conf"));
  });

  it("loads a CommonJS config's module.exports", async () => {
    const cwd = await makeTempDir();
    await writeFiles(cwd, {
      "llm.config.cjs": `module.exports = ${JSON.stringify(configNamed("gpt-cjs"))};`,
    });
    expect(modelOf(await loadConfig({ cwd, configPath: "llm.config.cjs", env }))).to.equal("gpt-cjs");
  });

  it("reports a module without a default export, and one that throws while loading", async () => {
    const cwd = await makeTempDir();
    await writeFiles(cwd, {
      "none.mjs": "export const config = {};\n",
      "throws.mjs": 'throw new Error("boom at load");\n',
    });
    const none = await expectConfigError(loadConfig({ cwd, configPath: "none.mjs", env }));
    expect(none.message).to.include("has no default export");
    const throws = await expectConfigError(loadConfig({ cwd, configPath: "throws.mjs", env }));
    expect(throws.message).to.include("the config module failed to load (Error: boom at load)");
  });

  it("loads a YAML file through cosmiconfig", async () => {
    const cwd = await makeTempDir();
    const yaml =
      "plugins: [openai]\nproviders:\n  openai: { type: openai }\nclients:\n  default: { model: gpt-yaml }\n";
    await writeFiles(cwd, { "settings/llm.yaml": yaml });
    const config = await loadConfig({ cwd, configPath: "settings/llm.yaml", env });
    expect(modelOf(config)).to.equal("gpt-yaml");
    expect(config.file).to.equal(path.join(cwd, "settings", "llm.yaml"));
  });

  it("loads a JSON file outside any search place, and package.json's llm key", async () => {
    const cwd = await makeTempDir();
    await writeFiles(cwd, {
      "ci/llm.ci.json": configNamed("gpt-ci"),
      "package.json": { name: "app", llm: configNamed("gpt-package") },
    });
    expect(modelOf(await loadConfig({ cwd, configPath: "ci/llm.ci.json", env }))).to.equal("gpt-ci");
    expect(modelOf(await loadConfig({ cwd, configPath: "package.json", env }))).to.equal("gpt-package");
  });

  it("takes an inline config object without looking for files, leaving the object unchanged", async () => {
    const cwd = await makeTempDir();
    await writeFiles(cwd, { "llm.config.json": configNamed("gpt-file") });
    const inline = configNamed("gpt-inline");
    const before = JSON.stringify(inline);
    const config = await loadConfig({ cwd, config: inline, env });
    expect(modelOf(config)).to.equal("gpt-inline");
    expect(config.file).to.equal(undefined);
    expect(JSON.stringify(inline)).to.equal(before);
    expect(Object.isFrozen(inline.clients)).to.equal(false);
  });
});
