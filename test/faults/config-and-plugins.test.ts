/**
 * Fault class I of docs/reliability.md: hostile or broken configs and plugins, through createRuntime. Error
 * names of the fault rows map to src/errors: ConfigValidationError is ConfigError (code `config`); PluginLoadError,
 * PluginContractError and PluginTimeoutError are PluginError (code `plugin`). Plugin paths of a
 * discovered config must lie in its own folder tree (I6); a config named by path, or given inline,
 * is trusted with any path. I10's grammar check applies to the one config-supplied path list that exists, debug-dump's redactPaths.
 */

import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import type { LLMError } from "../../src/index.js";
import { PROMPT, useFaultHarness } from "./support/fault-harness.js";
import { OPENAI } from "./support/fault-providers.js";
import { faultFixture } from "./support/fixture-path.js";

type LoadError = LLMError & { pointer?: string; plugin?: string };

type Options = Record<string, unknown>;

interface DraftConfig {
  plugins: Array<string | { use: string; options?: Options }>;
  providers: Record<string, Options>;
  clients: Record<string, Options>;
}

/** The parts of the config the rows change. */
interface Draft {
  config: DraftConfig;
  retry: Options;
  client: Options;
  params: Options;
}

/** A valid config of one openai client with the retry plugin, with `change` applied. */
function configWith(change: (draft: Draft) => void = () => {}): DraftConfig {
  const retry: Options = { maxRetries: 1 };
  const params: Options = { temperature: 0.2 };
  const client: Options = { provider: "openai", model: "gpt-4o", params };
  const config: DraftConfig = {
    plugins: ["openai", { use: "retry", options: retry }],
    providers: {
      openai: { type: "openai", apiKey: "sk-placeholder-not-a-canary", baseURL: "http://127.0.0.1:9/v1" },
    },
    clients: { default: client },
  };
  change({ config, retry, client, params });
  return config;
}

/**
 * The config as JSON text with `member` (a reserved key and its value) written first into the
 * object that opens at `anchor`, then parsed: JSON.parse makes `__proto__` an own key, as a
 * config file would, where an assignment in code would set the prototype instead.
 */
function withRawMember(anchor: string, member: string): unknown {
  const text = JSON.stringify(configWith());
  const at = text.indexOf(anchor);
  if (at < 0) throw new Error(`no ${anchor} in the config`);
  const open = at + anchor.length;
  return JSON.parse(`${text.slice(0, open)}${member},${text.slice(open)}`);
}

describe("faults I: config and plugin loading", function () {
  this.timeout(20_000);
  const harness = useFaultHarness();
  let folder = "";

  beforeEach(async () => {
    folder = await mkdtemp(path.join(tmpdir(), "llm-faults-config-"));
  });
  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  async function loadFailure(options: Parameters<typeof harness.createRuntime>[0]): Promise<LoadError> {
    return (await harness.failure(harness.createRuntime(options))) as unknown as LoadError;
  }

  harness.test(
    "I1 config modules planted in the working folder or its parent are never executed by discovery",
    async () => {
      const parent = path.join(folder, "parent");
      const child = path.join(parent, "project");
      await mkdir(child, { recursive: true });
      const module = await readFile(faultFixture("import-marker.mjs"), "utf8");
      for (const where of [parent, child]) {
        for (const name of [
          ".llmrc.js",
          ".llmrc.cjs",
          ".llmrc.mjs",
          "llm.config.js",
          "llm.config.mjs",
          "llm.config.ts",
        ]) {
          await writeFile(path.join(where, name), module);
        }
      }
      const runtime = await harness.createRuntime({ cwd: child, env: {} });
      expect(() => runtime.client(), "no config found: no client").to.throw();
      expect(existsSync(path.join(parent, "IMPORTED")), "a module in the parent ran").to.equal(false);
      expect(existsSync(path.join(child, "IMPORTED")), "a module in the working folder ran").to.equal(false);
    },
  );

  for (const name of ["toString", "__proto__", "constructor", "hasOwnProperty"]) {
    harness.test(`\${${name}} is read from the environment's own keys only, never inherited`, async () => {
      const error = await loadFailure({
        config: configWith((draft) => {
          draft.config.providers.openai.apiKey = `\${${name}}`;
        }),
        env: {},
      });
      expect(error.code).to.equal("config");
      expect(error.message).to.include(`environment variable ${name} is not set`);
      const runtime = await harness.createRuntime({
        config: configWith((draft) => {
          draft.config.providers.openai.apiKey = `\${${name}}`;
        }),
        env: Object.assign(Object.create(null), { [name]: "sk-own-key-of-that-name-0123" }),
      });
      expect(runtime.client().name).to.equal("default");
    });
  }

  describe("I2: reserved keys at any depth", () => {
    const polluting = '"__proto__":{"polluted":true}';
    const rows: Array<[string, unknown]> = [
      ["__proto__ at the top", withRawMember("{", polluting)],
      ["__proto__ in a provider", withRawMember('"openai":{', polluting)],
      ["__proto__ in client params", withRawMember('"params":{', polluting)],
      [
        "constructor.prototype in plugin options",
        withRawMember('"options":{', '"constructor":{"prototype":{"polluted":true}}'),
      ],
      ["prototype as a client name", withRawMember('"clients":{', '"prototype":{"model":"gpt-4o"}')],
    ];
    for (const [place, config] of rows) {
      harness.test(`${place} is refused and Object.prototype is left alone`, async () => {
        const error = await loadFailure({ config });
        expect(error.code).to.be.oneOf(["config", "plugin"]);
        expect(error.message).to.match(/__proto__|constructor|prototype/);
        expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
      });
    }

    harness.test(
      "__proto__ in a JSON config file is refused and Object.prototype is left alone",
      async () => {
        const file = path.join(folder, "llm.config.json");
        await writeFile(
          file,
          '{"plugins": ["openai"], "providers": {"__proto__": {"polluted": true}}, "clients": {}}',
        );
        const error = await loadFailure({ configPath: file });
        expect(error.code).to.equal("config");
        expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
      },
    );
  });

  describe("I3: wrong types and ranges, never coerced", () => {
    const rows: Array<[string, (draft: Draft) => void, string]> = [
      ["maxRetries: -1", (draft) => (draft.retry.maxRetries = -1), "maxRetries"],
      ["maxRetries: 1e9", (draft) => (draft.retry.maxRetries = 1e9), "maxRetries"],
      ['maxRetries: "3"', (draft) => (draft.retry.maxRetries = "3"), "maxRetries"],
      ["timeoutMs: 0", (draft) => (draft.client.timeoutMs = 0), "/clients/default/timeoutMs"],
      ['timeoutMs: "10s"', (draft) => (draft.client.timeoutMs = "10s"), "/clients/default/timeoutMs"],
      ["an unknown provider name", (draft) => (draft.client.provider = "openia"), "openia"],
    ];
    for (const [fault, change, named] of rows) {
      harness.test(`${fault} is a load error naming ${named}`, async () => {
        const error = await loadFailure({ config: configWith(change) });
        expect(error.code).to.be.oneOf(["config", "plugin"]);
        expect(error.message).to.include(named);
      });
    }

    harness.test("a config with 100 problems lists at most 20 of them", async () => {
      const config = configWith((draft) => {
        for (let index = 0; index < 100; index++) draft.config.clients[`client${index}`] = { model: 42 };
      });
      const error = await loadFailure({ config });
      expect(error.message).to.include("100 problems");
      expect(error.message.split("\n").filter((line) => line.includes("/clients/")).length).to.be.at.most(20);
    });
  });

  describe("I4: oversized and deeply nested configs", () => {
    harness.test("a 10 MB config file is refused quickly, unread", async () => {
      const file = path.join(folder, "llm.config.json");
      await writeFile(
        file,
        JSON.stringify(configWith((draft) => (draft.params.blob = "x".repeat(10 * 1024 * 1024)))),
      );
      const startedAt = performance.now();
      const error = await loadFailure({ configPath: file });
      expect(performance.now() - startedAt).to.be.below(1000);
      expect(error.message).to.include("at most 1048576 bytes");
    });

    harness.test(
      "10,000 levels of nesting, inline or in a file, are refused without a stack overflow",
      async () => {
        let deep: Record<string, unknown> = {};
        const root = deep;
        for (let level = 0; level < 10_000; level++) {
          deep.next = {};
          deep = deep.next as Record<string, unknown>;
        }
        const inline = await loadFailure({
          config: configWith((draft) => (draft.params.deep = root)),
        });
        expect(inline.message).to.include("nested more than");
        const file = path.join(folder, "llm.config.json");
        const text = JSON.stringify(configWith()).replace(
          '"temperature":0.2',
          `"deep":${'{"a":'.repeat(10_000)}1${"}".repeat(10_000)}`,
        );
        await writeFile(file, text);
        const fromFile = await loadFailure({ configPath: file });
        expect(fromFile.message).to.include("nested more than");
      },
    );
  });

  describe("I5, I10: nothing in a config is compiled", () => {
    harness.test("a $data reference in place of a value is a type error, not a lookup", async () => {
      const error = await loadFailure({
        config: configWith((draft) => (draft.client.timeoutMs = { $data: "/plugins/1/options/maxRetries" })),
      });
      expect(error.message).to.include("/clients/default/timeoutMs");
    });

    harness.test("a schema fragment in plugin options is refused, not applied", async () => {
      const error = await loadFailure({
        config: configWith((draft) => Object.assign(draft.retry, { $ref: "#", pattern: "(a+)+$" })),
      });
      expect(error.code).to.equal("plugin");
    });

    harness.test(
      "debug-dump redactPaths outside the path grammar (a regex, a ReDoS pattern) are refused quickly",
      async () => {
        const startedAt = performance.now();
        const error = await loadFailure({
          config: configWith((draft) =>
            draft.config.plugins.push({
              use: "debug-dump",
              options: { redactPaths: ["request.(a+)+$", `${"a".repeat(150)}!`] },
            }),
          ),
        });
        expect(performance.now() - startedAt).to.be.below(1000);
        expect(error).to.include({ code: "plugin", plugin: "debug-dump" });
        expect(error.message).to.include("redactPaths");
      },
    );
  });

  describe("I6, I7, I8: plugins that cannot be loaded, set up or trusted", () => {
    const rows: Array<[string, string, string]> = [
      ["a missing plugin file", "./plugins/not-there.mjs", "no file at"],
      [
        "a package that is not installed",
        "llm-runtime-plugin-that-is-not-installed",
        "neither a built-in plugin nor an installed package",
      ],
      [
        "a plugin that throws at import",
        faultFixture("throwing-at-import-plugin.mjs"),
        "throwing-at-import-plugin.mjs",
      ],
      ["a plugin exporting the wrong shape", faultFixture("wrong-shape-plugin.mjs"), "wrong-shape"],
      ["a plugin registering a provider type twice", faultFixture("duplicate-provider-plugin.mjs"), "openai"],
    ];
    for (const [fault, use, named] of rows) {
      harness.test(`${fault} fails closed with a PluginError naming it`, async () => {
        const error = await loadFailure({
          config: configWith((draft) => draft.config.plugins.push({ use })),
          cwd: folder,
        });
        expect(error.code).to.equal("plugin");
        expect(error.message).to.include(named);
      });
    }

    describe("I6 a discovered config loads plugin files only from its own folder tree", () => {
      /** A project folder with a discovered .llmrc.json naming `use`, and the marker plugin at `pluginAt`. */
      async function plant(use: string, pluginAt: string): Promise<string> {
        const project = path.join(folder, "project");
        await mkdir(project, { recursive: true });
        await mkdir(path.dirname(pluginAt), { recursive: true });
        await writeFile(pluginAt, await readFile(faultFixture("path-plugin-marker.mjs"), "utf8"));
        await writeFile(path.join(project, "package.json"), JSON.stringify({ name: "app" }));
        await writeFile(
          path.join(project, ".llmrc.json"),
          JSON.stringify(configWith((draft) => draft.config.plugins.push({ use }))),
        );
        return project;
      }

      const outside: Array<[string, (root: string) => string, (root: string) => string]> = [
        [
          "../ to a sibling folder",
          () => "../elsewhere/evil.mjs",
          (root) => path.join(root, "elsewhere", "evil.mjs"),
        ],
        [
          "an absolute path",
          (root) => path.join(root, "elsewhere", "evil.mjs"),
          (root) => path.join(root, "elsewhere", "evil.mjs"),
        ],
      ];
      for (const [fault, use, pluginAt] of outside) {
        harness.test(`${fault} is refused before the file is imported`, async () => {
          const project = await plant(use(folder), pluginAt(folder));
          const error = await loadFailure({ cwd: project });
          expect(error.code).to.equal("plugin");
          expect(error.message).to.include("the folder of the config that names it");
          expect(existsSync(path.join(folder, "elsewhere", "PLUGIN-RAN")), "the plugin ran").to.equal(false);
        });
      }

      harness.test("a symlink inside the config's folder pointing outside is refused", async () => {
        const project = await plant("./plugins/link.mjs", path.join(folder, "elsewhere", "evil.mjs"));
        await mkdir(path.join(project, "plugins"));
        await symlink(path.join(folder, "elsewhere", "evil.mjs"), path.join(project, "plugins", "link.mjs"));
        const error = await loadFailure({ cwd: project });
        expect(error.code).to.equal("plugin");
        expect(existsSync(path.join(folder, "elsewhere", "PLUGIN-RAN"))).to.equal(false);
      });

      harness.test(
        "a file inside the config's folder loads; the same config named by path is trusted",
        async () => {
          const project = await plant(
            "./plugins/own.mjs",
            path.join(folder, "project", "plugins", "own.mjs"),
          );
          await harness.createRuntime({ cwd: project });
          expect(existsSync(path.join(project, "plugins", "PLUGIN-RAN"))).to.equal(true);
          const other = path.join(folder, "other");
          await mkdir(other);
          await writeFile(
            path.join(other, "llm.config.json"),
            JSON.stringify(
              configWith((draft) => draft.config.plugins.push({ use: "../elsewhere/evil.mjs" })),
            ),
          );
          await plant("./unused.mjs", path.join(folder, "elsewhere", "evil.mjs"));
          await harness.createRuntime({ cwd: folder, configPath: path.join(other, "llm.config.json") });
          expect(existsSync(path.join(folder, "elsewhere", "PLUGIN-RAN"))).to.equal(true);
        },
      );
    });

    harness.test("I8 a plugin whose setup never resolves fails after pluginSetupTimeoutMs", async () => {
      const startedAt = performance.now();
      const error = await loadFailure({
        config: configWith((draft) =>
          draft.config.plugins.push({ use: faultFixture("never-settling-setup-plugin.mjs") }),
        ),
        pluginSetupTimeoutMs: 200,
      });
      expect(performance.now() - startedAt).to.be.within(190, 1500);
      expect(error).to.include({ code: "plugin", plugin: "never-ready" });
    });
  });

  harness.test(
    "I9 a plugin changing the config's params in place throws: the config is deep-frozen",
    async () => {
      const { client } = await harness.open({
        chain: ["openai"],
        params: { temperature: 0.5 },
        plugins: [
          { use: faultFixture("mutating-plugin.mjs"), options: { mutations: ["params", "targetParams"] } },
        ],
      });
      harness.servers.openai.setDefaultReply(OPENAI.text("ok"));
      await client.generateResponse(PROMPT);
      await client.generateResponse(PROMPT);
      const tried = harness.logLines
        .filter((line) => line.includes("mutations tried"))
        .map((line) => JSON.parse(line).threw);
      expect(tried).to.deep.equal([
        ["params", "targetParams"],
        ["params", "targetParams"],
      ]);
      expect(
        harness.servers.openai.requests.map(
          (request) => (request.body as { temperature?: number }).temperature,
        ),
      ).to.deep.equal([0.5, 0.5]);
    },
  );
});
