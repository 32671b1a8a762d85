import { execFile } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { expect } from "chai";
import { REPOSITORY_ROOT } from "../../scripts/build-dist/bundle-dist.js";
import { readCodeBlocks } from "../docs/doc-code-blocks.js";
import { assemblePackage, CONSUMER_ROOT, INSTALLED_PACKAGE } from "./support/assemble-package.js";

const run = promisify(execFile);

/** The README's scripted-provider config, exactly as a reader copies it. */
function readmeScriptedConfig(): string {
  const readme = readFileSync(join(REPOSITORY_ROOT, "README.md"), "utf8");
  const blocks = readCodeBlocks(readme).filter(
    (block) => block.language === "json" && block.code.includes('"type": "scripted"'),
  );
  expect(blocks, "the README has one scripted config").to.have.length(1);
  return blocks[0].code;
}

/** Runs the installed package's `llm-runtime` bin in `cwd`, with no API key in the environment. */
async function cli(args: string[], cwd: string) {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      [join(INSTALLED_PACKAGE, "bin", "llm-runtime.js"), ...args],
      {
        cwd,
        env: { PATH: process.env.PATH ?? "" },
      },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe("the README's scripted example, run through the built CLI", function () {
  this.timeout(120_000);
  let project: string;

  before(async () => {
    await assemblePackage();
    project = join(CONSUMER_ROOT, "readme-scripted");
    mkdirSync(project, { recursive: true });
    writeFileSync(join(project, "llm.config.json"), readmeScriptedConfig());
  });

  it("answers Hello in every new process: the rate limit is retried, not fatal", async () => {
    // Twice: `times: 1` is counted per runtime, so each process meets the rate limit afresh.
    for (const args of [
      ["chat", "Hello"],
      ["chat", "--no-stream", "Hello"],
    ]) {
      const result = await cli(args, project);
      expect(result, args.join(" ")).to.include({ code: 0 });
      expect(result.stdout.trim()).to.equal("Hello");
    }
  });

  it("answers a weather question with the scripted tool call", async () => {
    const result = await cli(["chat", "--no-stream", "weather in Oslo?"], project);
    expect(result.code).to.equal(0);
    expect(result.stdout).to.match(/^tool call get_weather\(\{"city":"Oslo"\}\) \[call_scripted_\d+\]$/m);
  });

  it("runs examples/scripted.config.json as examples/README.md shows, from the installed package", async () => {
    const result = await cli(
      ["chat", "--config", "examples/scripted.config.json", "Hello"],
      INSTALLED_PACKAGE,
    );
    expect(result.code).to.equal(0);
    expect(result.stdout).to.match(/^Hello! I am the scripted provider/);
  });
});
