import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "chai";
import type { ScriptedProviderClient } from "../../../plugins/scripted/index.js";
import { ConfigError, createRuntime, PluginError } from "../../../src/index.js";
import { captureLogger } from "../runtime-fixture.js";

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));

const scriptedProviders = {
  providers: { mock: { type: "scripted", rules: [{ reply: { text: "ok" } }] } },
  clients: { default: { provider: "mock", model: "m" } },
};

/** A folder holding a config file and whatever plugin modules a test drops beside it. */
async function projectFolder(files: Record<string, string>, config: Record<string, unknown>) {
  const dir = await mkdtemp(join(tmpdir(), "llm-runtime-plugins-"));
  for (const [name, source] of Object.entries(files)) {
    await mkdir(join(dir, name, ".."), { recursive: true });
    await writeFile(join(dir, name), source);
  }
  const configPath = join(dir, "llm.config.json");
  await writeFile(configPath, JSON.stringify(config, null, 2));
  return { dir, configPath };
}

const pluginSource = (body: string) =>
  `export default { apiVersion: 2, optionsSchema: { type: "object" }, ${body} };\n`;

async function loadError(files: Record<string, string>, plugins: unknown[]) {
  const { configPath } = await projectFolder(files, {
    plugins: ["scripted", ...plugins],
    ...scriptedProviders,
  });
  return createRuntime({ configPath, env: {}, logger: captureLogger().logger }).then(
    () => expect.fail("createRuntime should have failed"),
    (error: unknown) => error as Error,
  );
}

describe("loading plugins from the config", () => {
  it("loads a third-party plugin by a path relative to the config file, validates its options and taps it", async () => {
    const seen: string[] = [];
    (globalThis as Record<string, unknown>).__seenByTagger = seen;
    const tagger = `export default {
      name: "acme/tagger", apiVersion: 2,
      optionsSchema: { type: "object", additionalProperties: false, properties: { tag: { type: "string", default: "[tagged]" } } },
      setup(context, options) {
        context.hooks.beforeRequest.tap((request) => {
          globalThis.__seenByTagger.push(options.tag);
          return { ...request, messages: [...request.messages, { role: "user", content: options.tag }] };
        });
      },
    };`;
    const { configPath } = await projectFolder(
      { "my-plugins/tagger.mjs": tagger },
      { plugins: ["scripted", { use: "./my-plugins/tagger.mjs" }], ...scriptedProviders },
    );
    const runtime = await createRuntime({ configPath, env: {}, logger: captureLogger().logger });
    await runtime.client().generateResponse([{ role: "user", content: "hi" }]);
    const provider = runtime.providerClient("mock") as ScriptedProviderClient;
    expect(seen).to.deep.equal(["[tagged]"]);
    expect(provider.requests[0].request.messages.at(-1)).to.deep.equal({ role: "user", content: "[tagged]" });
  });

  it("loads a plugin written for plugin API version 1: version 2 only added to it", async () => {
    const seen: string[] = [];
    (globalThis as Record<string, unknown>).__seenByVersionOne = seen;
    const versionOne = `export default {
      name: "old-timer", apiVersion: 1, optionsSchema: {},
      setup(context) {
        context.hooks.afterResponse.tap((output) => { globalThis.__seenByVersionOne.push(output.content); });
      },
    };`;
    const { configPath } = await projectFolder(
      { "old.mjs": versionOne },
      { plugins: ["scripted", { use: "./old.mjs" }], ...scriptedProviders },
    );
    const runtime = await createRuntime({ configPath, env: {}, logger: captureLogger().logger });
    const output = await runtime.client().generateResponse([{ role: "user", content: "hi" }]);
    expect(seen).to.deep.equal([output.content]);
    await runtime.close();
  });

  it("loads a plugin from an installed ESM-only package by its name", async () => {
    const files = {
      "node_modules/llm-plugin-hello/package.json": JSON.stringify({
        name: "llm-plugin-hello",
        type: "module",
        exports: { ".": { import: "./main.js" } },
      }),
      "node_modules/llm-plugin-hello/main.js": pluginSource(
        'name: "hello", setup(context) { context.hooks.afterResponse.tap((output) => ({ ...output, content: "hello from a package" })); }',
      ),
    };
    const { configPath } = await projectFolder(files, {
      plugins: ["scripted", "llm-plugin-hello"],
      ...scriptedProviders,
    });
    const runtime = await createRuntime({ configPath, env: {}, logger: captureLogger().logger });
    const output = await runtime.client().generateResponse([{ role: "user", content: "hi" }]);
    expect(output.content).to.equal("hello from a package");
  });

  it("loads the ESM build of a dual package, not its CommonJS one", async () => {
    const files = {
      "node_modules/llm-plugin-dual/package.json": JSON.stringify({
        name: "llm-plugin-dual",
        exports: { ".": { require: "./main.cjs", import: "./main.mjs" } },
      }),
      "node_modules/llm-plugin-dual/main.cjs": `module.exports = { default: { name: "dual-cjs", apiVersion: 2, optionsSchema: {}, setup() {} } };\n`,
      "node_modules/llm-plugin-dual/main.mjs": pluginSource(
        'name: "dual-esm", setup(context) { context.hooks.afterResponse.tap((output) => ({ ...output, content: "esm build" })); }',
      ),
    };
    const { configPath } = await projectFolder(files, {
      plugins: ["scripted", "llm-plugin-dual"],
      ...scriptedProviders,
    });
    const runtime = await createRuntime({ configPath, env: {}, logger: captureLogger().logger });
    const output = await runtime.client().generateResponse([{ role: "user", content: "hi" }]);
    expect(output.content).to.equal("esm build");
  });

  it("removes an e-mail address from requests with a redaction plugin written as a user would", async () => {
    const runtime = await createRuntime({
      config: { plugins: ["scripted", { use: fixture("redact-emails.mjs") }], ...scriptedProviders },
      env: {},
      logger: captureLogger().logger,
    });
    await runtime
      .client()
      .generateResponse([{ role: "user", content: "write to jane.doe@example.com today" }]);
    const provider = runtime.providerClient("mock") as ScriptedProviderClient;
    expect(provider.requests[0].request.messages[0].content).to.equal("write to [email] today");
  });

  const badPlugins: Array<[string, Record<string, string>, unknown[], RegExp]> = [
    ["a plugin file that does not exist", {}, ["./missing.mjs"], /no file at .*missing\.mjs/],
    [
      "a name that is neither built in nor installed",
      {},
      ["no-such-plugin"],
      /neither a built-in plugin nor an installed package.*fix: use a built-in plugin \(.*scripted/,
    ],
    [
      "a module without a default export",
      { "p.mjs": "export const x = 1;\n" },
      ["./p.mjs"],
      /no default export that is a plugin object/,
    ],
    [
      "a module that throws at import",
      { "p.mjs": 'throw new Error("kaboom");\n' },
      ["./p.mjs"],
      /importing it failed: kaboom/,
    ],
    [
      "a plugin for another API version",
      { "p.mjs": pluginSource('name: "future", apiVersion: 3, setup() {}') },
      ["./p.mjs"],
      /plugin API version 3; this kernel implements version 2 \(and loads version 1 plugins\)/,
    ],
    ["a plugin without setup", { "p.mjs": pluginSource('name: "lazy"') }, ["./p.mjs"], /no setup function/],
    [
      "options that fail the plugin's schema",
      {
        "p.mjs":
          'export default { name: "strict", apiVersion: 2, optionsSchema: { type: "object", additionalProperties: false, properties: { level: { type: "integer" } } }, setup() {} };\n',
      },
      [{ use: "./p.mjs", options: { level: "3", colour: "red" } }],
      /invalid options: .*\/plugins\/1\/options/,
    ],
    [
      "two plugins with one name",
      {
        "a.mjs": pluginSource('name: "twin", setup() {}'),
        "b.mjs": pluginSource('name: "twin", setup() {}'),
      },
      ["./a.mjs", "./b.mjs"],
      /"twin".*loaded twice/,
    ],
    [
      "a second plugin registering a taken provider type",
      {
        "p.mjs": pluginSource(
          'name: "copycat", setup(context) { context.registerProvider("scripted", () => ({ generate() {} })); }',
        ),
      },
      ["./p.mjs"],
      /provider type "scripted" is already registered by plugin "scripted"/,
    ],
    [
      "a setup that throws",
      { "p.mjs": pluginSource('name: "broken", setup() { throw new Error("no luck"); }') },
      ["./p.mjs"],
      /setup failed: no luck/,
    ],
  ];

  for (const [condition, files, plugins, message] of badPlugins) {
    it(`refuses ${condition} with a PluginError that names it and the fix`, async () => {
      const error = await loadError(files, plugins);
      expect(error).to.be.instanceOf(PluginError);
      expect(error.message).to.match(message);
      expect(error.message).to.include("(fix: ");
    });
  }

  it("refuses a plugin whose setup never finishes, after the setup timeout", async () => {
    const { configPath } = await projectFolder(
      { "p.mjs": pluginSource('name: "stuck", setup() { return new Promise(() => {}); }') },
      { plugins: ["scripted", "./p.mjs"], ...scriptedProviders },
    );
    const error = await createRuntime({
      configPath,
      env: {},
      logger: captureLogger().logger,
      pluginSetupTimeoutMs: 50,
    }).catch((e) => e);
    expect(error).to.be.instanceOf(PluginError);
    expect(error.message).to.match(/plugin "stuck": setup did not finish within 50 ms/);
  });

  it("refuses a provider type no loaded plugin provides, naming the pointer", async () => {
    const error = await createRuntime({
      config: {
        plugins: ["scripted"],
        providers: { x: { type: "nobody" } },
        clients: { default: { provider: "x", model: "m" } },
      },
      env: {},
      logger: captureLogger().logger,
    }).catch((e) => e);
    expect(error).to.be.instanceOf(ConfigError);
    expect(error).to.include({ pointer: "/providers/x/type" });
    expect(error.message).to.include('no loaded plugin provides provider type "nobody"');
  });

  it("closes plugins in reverse load order", async () => {
    const closed: string[] = [];
    (globalThis as Record<string, unknown>).__closed = closed;
    const closing = (name: string) =>
      pluginSource(
        `name: "${name}", setup(context) { context.onClose(() => globalThis.__closed.push("${name}")); }`,
      );
    const { configPath } = await projectFolder(
      { "first.mjs": closing("first"), "second.mjs": closing("second") },
      { plugins: ["scripted", "./first.mjs", "./second.mjs"], ...scriptedProviders },
    );
    const runtime = await createRuntime({ configPath, env: {}, logger: captureLogger().logger });
    await runtime.close();
    await runtime.close();
    expect(closed).to.deep.equal(["second", "first"]);
  });

  it("names the clients there are when asked for one that does not exist", async () => {
    const runtime = await createRuntime({
      config: { plugins: ["scripted"], ...scriptedProviders },
      env: {},
      logger: captureLogger().logger,
    });
    expect(() => runtime.client("nope")).to.throw(ConfigError, /no client named "nope".*use one of: default/);
  });
});
