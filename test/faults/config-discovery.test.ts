/**
 * Config discovery from a hostile working folder, through createRuntime and the CLI: discovery
 * never runs code (not even cosmiconfig's own "meta config"), a config file holding nothing is an
 * error rather than a silent switch to the default config, and an explicit JS config that throws
 * while it is read is a typed ConfigError (exit 2).
 */
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { createRuntime, isLLMError } from "../../src/index.js";
import { runCli } from "./support/run-cli.js";

const ENV = { OPENAI_API_KEY: "sk-discovery-env-key-0123456789" };

/** A module that leaves a marker file when it runs, so a test can prove it never ran. */
function leavesMarker(marker: string): string {
  return `import { writeFileSync } from "node:fs";\nwriteFileSync(${JSON.stringify(marker)}, "ran");\nexport default {};\n`;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function configErrorOf(call: Promise<unknown>): Promise<Error & { code: string }> {
  try {
    await call;
  } catch (error) {
    expect(isLLMError(error), `untyped: ${String(error)}`).to.equal(true);
    return error as Error & { code: string };
  }
  throw new Error("expected a ConfigError, but the runtime was built");
}

describe("faults: config discovery never runs code and never skips a broken file", function () {
  this.timeout(60_000);
  let folder = "";
  const startedIn = process.cwd();

  beforeEach(async () => {
    folder = await mkdtemp(path.join(tmpdir(), "llm-faults-discovery-"));
  });
  afterEach(async () => {
    process.chdir(startedIn);
    await rm(folder, { recursive: true, force: true });
  });

  const META_CONFIGS = [".config/config.js", ".config/config.mjs", ".config/config.cjs"];

  for (const meta of META_CONFIGS) {
    it(`a ${meta} in the working folder never runs, in createRuntime or in the CLI`, async () => {
      const marker = path.join(folder, "meta-config-ran");
      await mkdir(path.join(folder, ".config"));
      const code = meta.endsWith(".cjs")
        ? `require("node:fs").writeFileSync(${JSON.stringify(marker)}, "ran"); module.exports = {};\n`
        : leavesMarker(marker);
      await writeFile(path.join(folder, meta), code);
      await writeFile(path.join(folder, "package.json"), JSON.stringify({ name: "app", type: "module" }));
      await writeFile(
        path.join(folder, "chat.yaml"),
        "plugins: [openai]\nproviders:\n  openai: { type: openai }\nclients:\n  default: { model: gpt-4o }\n",
      );
      // cosmiconfig looks for its meta config in process.cwd(), whatever cwd it is given.
      process.chdir(folder);
      const runtime = await createRuntime({ env: ENV });
      await runtime.close();
      const explicit = await createRuntime({ env: ENV, configPath: "chat.yaml" });
      await explicit.close();
      process.chdir(startedIn);
      if (meta === META_CONFIGS[0]) {
        const check = await runCli(["config", "check"], folder, ENV);
        const named = await runCli(["config", "check", "--config", "chat.yaml"], folder, ENV);
        expect([check.code, named.code], `${check.stderr}${named.stderr}`).to.deep.equal([0, 0]);
      }
      await sleep(300);
      expect(existsSync(marker), "the meta config ran").to.equal(false);
    });
  }

  const EMPTY_CONFIGS: Array<[string, string]> = [
    [".llmrc.json", "null"],
    ["llm.config.json", "null"],
    [".llmrc", "---\n"],
    [".llmrc", "~\n"],
    ["package.json", JSON.stringify({ name: "app", llm: null })],
  ];

  for (const [name, content] of EMPTY_CONFIGS) {
    it(`a discovered ${name} holding ${JSON.stringify(content.trim())} is a ConfigError, not the default config`, async () => {
      await writeFile(path.join(folder, name), content);
      const error = await configErrorOf(createRuntime({ cwd: folder, env: ENV }));
      expect(error.code).to.equal("config");
      expect(error.message).to.include(name);
      if (name === "package.json") {
        const check = await runCli(["config", "check"], folder, ENV);
        expect(check.code, check.stdout).to.equal(2);
      }
    });
  }

  it("an explicit null config (YAML or package.json's llm key) is a ConfigError too", async () => {
    await writeFile(path.join(folder, "empty.yaml"), "---\n");
    await writeFile(path.join(folder, "package.json"), JSON.stringify({ llm: null }));
    for (const configPath of ["empty.yaml", "package.json"]) {
      const error = await configErrorOf(createRuntime({ cwd: folder, env: ENV, configPath }));
      expect(error.code).to.equal("config");
    }
  });

  const THROWING_EXPORTS: Array<[string, string]> = [
    ["a getter that throws", 'export default { get plugins() { throw new Error("getter exploded"); } };\n'],
    [
      "a Proxy that throws",
      'export default new Proxy({}, { ownKeys() { throw new TypeError("proxy exploded"); } });\n',
    ],
  ];

  for (const [title, code] of THROWING_EXPORTS) {
    it(`an explicit JS config exporting ${title} is a ConfigError, exit 2 in the CLI`, async () => {
      const file = path.join(folder, "llm.config.mjs");
      await writeFile(file, code);
      const error = await configErrorOf(createRuntime({ cwd: folder, env: ENV, configPath: file }));
      expect(error).to.include({ name: "ConfigError", code: "config" });
      expect(error.message).to.match(/export could not be read/);
      const check = await runCli(["config", "check", "--config", file], folder, ENV);
      expect(check.code).to.equal(2);
      expect(check.stderr).to.not.match(/\n\s+at /);
    });
  }
});
