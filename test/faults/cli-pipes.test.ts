/**
 * The CLI at the end of a pipe whose reader has gone (`llm-runtime chat ... | head`): it stops
 * quietly, with no stack trace, streaming or not.
 */
import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "chai";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const TSX = import.meta.resolve("tsx");

/** Runs the CLI with its stdout pipe closed by the reader before anything is written. */
function runWithClosedStdout(args: string[], cwd: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", TSX, path.join(ROOT, "src/cli/bin.ts"), ...args], {
      cwd,
      env: { PATH: process.env.PATH ?? "" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout.destroy();
    let stderr = "";
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => child.kill(), 30_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

describe("faults: the CLI writing to a closed pipe", function () {
  this.timeout(60_000);
  let folder = "";

  before(async () => {
    folder = await mkdtemp(path.join(tmpdir(), "llm-faults-cli-"));
    await writeFile(
      path.join(folder, "llm.config.json"),
      JSON.stringify({
        plugins: ["scripted"],
        providers: { mock: { type: "scripted", rules: [{ reply: { text: "word ".repeat(20_000) } }] } },
        clients: { default: { provider: "mock", model: "scripted-1" } },
      }),
    );
  });
  after(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  for (const args of [
    ["chat", "Hello"],
    ["chat", "--no-stream", "Hello"],
  ]) {
    it(`${args.join(" ")} exits quietly on EPIPE`, async () => {
      const { code, stderr } = await runWithClosedStdout(args, folder);
      expect(stderr).to.not.match(/EPIPE|\n\s+at /);
      expect(code).to.equal(0);
    });
  }
});
