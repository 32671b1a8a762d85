import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { expect } from "chai";
import { compileSchema } from "../../src/config/compile-schema.js";
import { ERROR_CODES } from "../../src/errors/codes.js";
import * as api from "../../src/index.js";
import { captureLogger } from "../kernel/runtime-fixture.js";
import { readCodeBlocks } from "./doc-code-blocks.js";
import { narrativeCode, readGuidePrograms, withLocalImports } from "./migration-guide-programs.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const page = readFileSync(join(root, "docs", "migrating-from-litellm.md"), "utf8");
const blocks = readCodeBlocks(page);
const run = promisify(execFile);
const KEYS = {
  OPENAI_API_KEY: "sk-doc-0123456789",
  GEMINI_API_KEY: "g-doc-0123456789",
  ANTHROPIC_API_KEY: "a-doc-0123456789",
  AZURE_OPENAI_API_KEY: "az-doc-0123456789",
};

/** The right-hand cells of the errors table: `ClassName` (`code`) pairs. */
function statedErrorClasses(): Array<{ name: string; code: string }> {
  const section = page.slice(page.indexOf("## Errors"), page.indexOf("## Configuration"));
  const rows = section.split("\n").filter((line) => line.startsWith("| ") && !line.startsWith("| LiteLLM"));
  return rows.flatMap((row) => {
    const cell = row.split(" | ")[1] ?? "";
    return [...cell.matchAll(/`(\w+)` \(`(\w+)`\)/g)].map((match) => ({ name: match[1], code: match[2] }));
  });
}

describe("docs/migrating-from-litellm.md", () => {
  it("has TypeScript that typechecks against the public entries: the prose's blocks as one module, each program alone", async function () {
    this.timeout(60_000);
    const local = (code: string) => withLocalImports(code, root);
    const narrative = narrativeCode(page);
    expect(narrative).to.include("generateResponse");
    const programs = readGuidePrograms(page);
    expect(programs).to.have.length.at.least(10);
    // Under node_modules, so that a program's bare imports (`openai`) resolve to the project's dependencies.
    const cache = join(root, "node_modules", ".cache");
    await mkdir(cache, { recursive: true });
    const folder = await mkdtemp(join(cache, "llm-doc-"));
    try {
      const files = [join(folder, "migrating-from-litellm.mts")];
      await writeFile(files[0], local(narrative));
      for (const [index, program] of programs.entries()) {
        files.push(join(folder, `program-${index}.mts`));
        await writeFile(files[index + 1], local(program.code));
      }
      const tsc = join(root, "node_modules", ".bin", "tsc");
      // The project's own target and lib (tsconfig.json): the public entry reaches the built-in plugins.
      const flags = [
        "--ignoreConfig",
        "--noEmit",
        "--strict",
        "--target",
        "es2022",
        "--lib",
        "es2023",
        "--module",
        "nodenext",
      ];
      const types = ["--moduleResolution", "nodenext", "--skipLibCheck", "--types", "node"];
      const typeRoots = ["--typeRoots", join(root, "node_modules", "@types")];
      const result = await run(tsc, [...flags, ...types, ...typeRoots, ...files], { cwd: folder }).catch(
        (error: { stdout?: string }) => ({ stdout: error.stdout ?? String(error) }),
      );
      expect(result.stdout.trim(), "tsc output").to.equal("");
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it("gives configs that validate against the schema and load through createRuntime", async function () {
    this.timeout(20_000);
    const schema = JSON.parse(readFileSync(join(root, "schemas", "llm.config.schema.json"), "utf8"));
    const configs = blocks.filter((block) => block.language === "json");
    expect(configs).to.have.length.at.least(1);
    for (const block of configs) {
      const config = JSON.parse(block.code);
      expect(compileSchema(schema)(config), `line ${block.line}`).to.deep.equal([]);
      const runtime = await api.createRuntime({
        config,
        cwd: root,
        env: KEYS,
        logger: captureLogger().logger,
      });
      expect(runtime.clientNames()).to.include("default");
      await runtime.close();
    }
  });

  it("names error classes the package exports, each with its code from the registry", () => {
    const stated = statedErrorClasses();
    expect(stated.length).to.be.at.least(11);
    for (const { name, code } of stated) {
      const exported = (api as Record<string, unknown>)[name];
      expect(exported, `${name} is exported`).to.be.a("function");
      expect(Object.keys(ERROR_CODES), `${code} is a registry code`).to.include(code);
    }
    expect(stated.map((entry) => entry.code)).to.include.members(
      Object.keys(ERROR_CODES).filter(
        (code) => ["config", "plugin", "hook", "attachment"].includes(code) === false,
      ),
    );
  });

  it("links only to headings the page has", () => {
    // GitHub's anchors: lower case, punctuation but `-` and `_` removed, spaces as `-`.
    const slug = (heading: string) =>
      heading
        .toLowerCase()
        .replace(/[^\p{L}\p{N}\s_-]/gu, "")
        .replace(/\s/g, "-");
    const anchors = new Set(
      page
        .split("\n")
        .filter((line) => /^#{1,6} /.test(line))
        .map((line) => slug(line.replace(/^#+ /, ""))),
    );
    const links = [...page.matchAll(/\]\(#([^)]+)\)/g)].map((match) => match[1]);
    expect(links).to.have.length.at.least(10);
    expect(links.filter((link) => !anchors.has(link))).to.deep.equal([]);
  });
});
