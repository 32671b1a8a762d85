import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { expect } from "chai";
import OpenAI from "openai";
import type { FakeServer } from "../../src/testing/index.js";
import { openAIChunkEvents, openAISseReply, startOpenAIFakeServer } from "../../src/testing/index.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const TSX = import.meta.resolve("tsx");
const BIN = join(ROOT, "src/cli/bin.ts");
const fromEnvironment = (name: string) => `\${${name}}`;
const GATEWAY_KEY = "gw-cli-canary-9a8b7c6d";
const PROVIDER_KEY = "sk-cli-serve-canary-1234";

async function writeConfig(fake: FakeServer, server: Record<string, unknown>) {
  const dir = await mkdtemp(join(tmpdir(), "llm-runtime-serve-"));
  const path = join(dir, "llm.config.json");
  await writeFile(
    path,
    JSON.stringify({
      plugins: ["openai"],
      providers: {
        openai: { type: "openai", apiKey: fromEnvironment("PROVIDER_KEY"), baseURL: `${fake.url}/v1` },
      },
      clients: { default: { model: "gpt-4o" } },
      server,
    }),
  );
  return path;
}

/** Starts `llm-runtime serve` and resolves with the URL it printed. */
function serve(args: string[]): { child: ChildProcess; url: Promise<string>; output: () => string } {
  const child = spawn(process.execPath, ["--import", TSX, BIN, "serve", "--port", "0", ...args], {
    env: { PATH: process.env.PATH ?? "", PROVIDER_KEY, GATEWAY_KEY },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const url = new Promise<string>((resolve, reject) => {
    child.stdout?.on("data", (data) => {
      output += data;
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) resolve(match[1]);
    });
    child.stderr?.on("data", (data) => {
      output += data;
    });
    child.once("exit", () => reject(new Error(`serve exited early:\n${output}`)));
  });
  return { child, url, output: () => output };
}

const exitOf = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once("exit", (code) => resolve(code));
  });

describe("llm-runtime serve", function () {
  this.timeout(30_000);
  let fake: FakeServer;
  let child: ChildProcess | undefined;
  beforeEach(async () => {
    fake = await startOpenAIFakeServer();
  });
  afterEach(async () => {
    if (child && child.exitCode === null) {
      child.kill("SIGKILL");
      await exitOf(child);
    }
    await fake.close();
  });

  it("serves the config's clients; on SIGTERM it finishes the stream in flight, then exits 0", async () => {
    const config = await writeConfig(fake, {
      keys: [{ name: "app", key: fromEnvironment("GATEWAY_KEY"), clients: ["*"] }],
    });
    const started = serve(["--config", config]);
    child = started.child;
    const url = await started.url;
    fake.enqueue(
      openAISseReply(openAIChunkEvents({ textPieces: ["drained ", "to ", "the end"] }), {
        eventDelayMs: 150,
      }),
    );
    const sdk = new OpenAI({ apiKey: GATEWAY_KEY, baseURL: `${url}/v1`, maxRetries: 0 });
    const stream = await sdk.chat.completions.create({
      model: "default",
      messages: [{ role: "user", content: "Hi" }],
      stream: true,
    });
    let text = "";
    let signalled = false;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? "";
      if (!signalled) {
        child.kill("SIGTERM");
        signalled = true;
      }
    }
    expect(text).to.equal("drained to the end");
    expect(await exitOf(child)).to.equal(0);
    expect(started.output()).to.include("SIGTERM: no new connections");
    expect(started.output()).to.not.include(GATEWAY_KEY);
    expect(started.output()).to.not.include(PROVIDER_KEY);
  });

  it("refuses to listen beyond loopback without keys: one line, exit code 2", async () => {
    const config = await writeConfig(fake, {});
    const { stderr, code } = await promisify(execFile)(
      process.execPath,
      ["--import", TSX, BIN, "serve", "--config", config, "--host", "0.0.0.0", "--port", "0"],
      { env: { PATH: process.env.PATH ?? "", PROVIDER_KEY } },
    ).then(
      (done) => ({ ...done, code: 0 }),
      (failed: { stderr: string; code: number }) => failed,
    );
    expect(code).to.equal(2);
    expect(stderr).to.include("will not listen on 0.0.0.0");
    expect(stderr.trim().split("\n")).to.have.length(1);
  });

  it("explains itself with --help", async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ["--import", TSX, BIN, "serve", "--help"]);
    expect(stdout).to.include("Usage: llm-runtime serve [--config PATH] [--port 4000] [--host 127.0.0.1]");
  });
});
