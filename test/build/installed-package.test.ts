import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { expect } from "chai";
import { assemblePackage, CONSUMER_ROOT, INSTALLED_PACKAGE, TSC } from "./support/assemble-package.js";

const run = promisify(execFile);

/** A config with only the scripted provider, so the consumer's request needs no network. */
const SCRIPTED_CONFIG = {
  plugins: ["scripted"],
  providers: { mock: { type: "scripted", rules: [{ reply: { text: "hello from require" } }] } },
  clients: { default: { provider: "mock", model: "any" } },
};

/** Writes a consumer project (its files by name) in its own folder of the consumer root. */
function writeConsumer(folder: string, files: Record<string, unknown>): string {
  const dir = join(CONSUMER_ROOT, folder);
  mkdirSync(dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) {
    writeFileSync(join(dir, name), typeof content === "string" ? content : JSON.stringify(content, null, 2));
  }
  return dir;
}

/** tsc's diagnostics for a consumer folder (empty when it typechecks). */
async function typecheck(dir: string): Promise<string> {
  const result = await run(TSC, ["-p", "tsconfig.json"], { cwd: dir }).catch((error: { stdout: string }) => ({
    stdout: error.stdout,
  }));
  return result.stdout;
}

/** Uses the package's types so that a missing or `any` type fails the typecheck. */
const TYPED_CONSUMER = `
import { createRuntime, isLLMError, type LLMOutput } from "llm-runtime";
import { defineProviderConformanceSuite, startFakeServer } from "llm-runtime/testing";

export async function ask(): Promise<string | null> {
  const runtime = await createRuntime({ config: ${JSON.stringify(SCRIPTED_CONFIG)} });
  const output: LLMOutput = await runtime.client().generateResponse([{ role: "user", content: "hi" }]);
  await runtime.close();
  // @ts-expect-error the options are typed: the types are the package's, not any
  await createRuntime(42);
  return isLLMError(output) ? null : output.content;
}
export const testing = [defineProviderConformanceSuite, startFakeServer];
`;

const RESOLUTIONS = [
  { moduleResolution: "node16", module: "node16" },
  { moduleResolution: "nodenext", module: "nodenext" },
  { moduleResolution: "bundler", module: "esnext" },
] as const;

describe("the package as an application installs it", function () {
  this.timeout(120_000);

  before(async () => {
    await assemblePackage();
  });

  it("ships the LICENSE", () => {
    expect(existsSync(join(INSTALLED_PACKAGE, "LICENSE"))).to.equal(true);
  });

  it("ships every file its README links to (npm shows the README without the repository)", () => {
    const readme = readFileSync(join(INSTALLED_PACKAGE, "README.md"), "utf8");
    const relativeLinks = [...readme.matchAll(/\]\(([^)#]+)(#[^)]*)?\)/g)]
      .map((match) => match[1])
      .filter((target) => !/^[a-z]+:/.test(target));
    expect(relativeLinks).to.include("docs/configuration.md");
    const missing = relativeLinks.filter((target) => !existsSync(join(INSTALLED_PACKAGE, target)));
    expect(missing).to.deep.equal([]);
  });

  it("loads with require() from CommonJS and runs a request (no top-level await in the entries)", async () => {
    const dir = writeConsumer("commonjs", {
      "package.json": { type: "commonjs" },
      "consumer.js": `
        const { createRuntime } = require("llm-runtime");
        const testing = require("llm-runtime/testing");
        (async () => {
          const runtime = await createRuntime({ config: ${JSON.stringify(SCRIPTED_CONFIG)}, env: {} });
          const output = await runtime.client().generateResponse([{ role: "user", content: "hi" }]);
          await runtime.close();
          console.log(JSON.stringify({ content: output.content, testing: typeof testing.startFakeServer }));
        })();
      `,
    });
    const { stdout, stderr } = await run(process.execPath, ["consumer.js"], { cwd: dir });
    expect(JSON.parse(stdout)).to.deep.equal({ content: "hello from require", testing: "function" });
    expect(stderr).to.equal("");
  });

  for (const { moduleResolution, module } of RESOLUTIONS) {
    it(`gives its types to a TypeScript consumer with moduleResolution ${moduleResolution}`, async () => {
      const dir = writeConsumer(`types-${moduleResolution}`, {
        "package.json": { type: "module" },
        "tsconfig.json": {
          compilerOptions: {
            module,
            moduleResolution,
            target: "ES2022",
            strict: true,
            noEmit: true,
            types: ["node"],
          },
          files: ["consumer.ts"],
        },
        "consumer.ts": TYPED_CONSUMER,
      });
      expect(await typecheck(dir)).to.equal("");
    });
  }

  it("gives its types to a CommonJS TypeScript consumer with module nodenext (require of ESM)", async () => {
    const dir = writeConsumer("types-commonjs", {
      "package.json": { type: "commonjs" },
      "tsconfig.json": {
        compilerOptions: {
          module: "nodenext",
          target: "ES2022",
          strict: true,
          noEmit: true,
          types: ["node"],
        },
        files: ["consumer.cts"],
      },
      "consumer.cts": TYPED_CONSUMER,
    });
    expect(await typecheck(dir)).to.equal("");
  });
});
