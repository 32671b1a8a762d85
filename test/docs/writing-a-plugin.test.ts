import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "chai";
import { compileSchema } from "../../src/config/compile-schema.js";
import { createRuntime, HOOK_STAGES } from "../../src/index.js";
import { captureLogger } from "../kernel/runtime-fixture.js";
import { mismatchWithFile, readCodeBlocks } from "./doc-code-blocks.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const page = readFileSync(join(root, "docs", "writing-a-plugin.md"), "utf8");
const blocks = readCodeBlocks(page);

function filesUnder(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe("docs/writing-a-plugin.md", () => {
  it("shows every TypeScript and JSON file block exactly as in the file it names (imports by their public names)", () => {
    const captioned = blocks.filter((block) => block.caption.startsWith("File `"));
    const typescript = blocks.filter((block) => block.language === "ts");
    expect(
      typescript.every((block) => captioned.includes(block)),
      "every ts block names its file",
    ).to.equal(true);
    expect(captioned.length).to.be.at.least(8);
    expect(captioned.map((block) => mismatchWithFile(root, block)).filter(Boolean)).to.deep.equal([]);
  });

  it("gives configs that validate against the schema and load through createRuntime", async () => {
    const schema = JSON.parse(readFileSync(join(root, "schemas", "llm.config.schema.json"), "utf8"));
    const configs = blocks.filter(
      (block) => block.language === "json" && !block.caption.startsWith("File `"),
    );
    expect(configs).to.have.length.at.least(1);
    for (const block of configs) {
      const config = JSON.parse(block.code);
      expect(compileSchema(schema)(config), `line ${block.line}`).to.deep.equal([]);
      const runtime = await createRuntime({ config, cwd: root, env: {}, logger: captureLogger().logger });
      await runtime.close();
    }
  });

  it("lists every file of examples/acme-provider/ in its folder layout, and only those", () => {
    const layout = blocks.find(
      (block) => block.language === "text" && block.code.startsWith("examples/acme-provider/"),
    );
    const listed = (layout?.code ?? "")
      .split("\n")
      .slice(1)
      .map((line) => line.trim().split(/\s+/)[0]);
    const present = filesUnder(join(root, "examples", "acme-provider")).map((path) =>
      relative(join(root, "examples", "acme-provider"), path),
    );
    expect([...listed].sort()).to.deep.equal([...present].sort());
  });

  it("names only paths that exist in the repository", () => {
    const paths = [...page.matchAll(/`((?:examples|test|src|schemas|plugins|docs)\/[^`\s]*)`/g)].map(
      (match) => match[1],
    );
    expect(paths.length).to.be.at.least(5);
    expect(paths.filter((path) => !existsSync(join(root, path)))).to.deep.equal([]);
  });

  it("states the hook stages with the values HOOK_STAGES has", () => {
    const stated = Object.fromEntries(
      [...page.matchAll(/`(\w+)`\s+\((-?\d+)\)/g)].map((match) => [match[1], Number(match[2])]),
    );
    expect(stated).to.deep.equal(HOOK_STAGES);
  });
});
