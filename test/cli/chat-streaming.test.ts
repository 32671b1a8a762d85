import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "chai";
import type { FakeServer } from "../../src/testing/fake-server.js";
import {
  openAIChatCompletion,
  openAIChunkEvents,
  openAIJsonReply,
  openAISseReply,
  startOpenAIFakeServer,
} from "../../src/testing/protocols/openai-protocol.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const TSX = import.meta.resolve("tsx");
const KEY = "sk-canary-cli-stream-0123456789abcdef";
const PIECES = ["Hello", " from", " a", " slow", " stream"];
/** Gap between two chunks: far longer than a process needs to write and a pipe to carry a line. */
const GAP_MS = 250;

interface Received {
  text: string;
  atMs: number;
}

/** Runs `llm-runtime chat` as a child process, noting when each piece of its stdout arrived. */
function chat(args: string[], configPath: string): Promise<{ code: number | null; received: Received[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--import", TSX, join(ROOT, "src/cli/bin.ts"), "chat", "--config", configPath, ...args],
      { env: { PATH: process.env.PATH ?? "", OPENAI_API_KEY: KEY }, stdio: ["ignore", "pipe", "inherit"] },
    );
    const received: Received[] = [];
    child.stdout.on("data", (data: Buffer) =>
      received.push({ text: data.toString("utf8"), atMs: Date.now() }),
    );
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, received }));
  });
}

/** When the first stdout piece holding `text` arrived. */
function arrivalOf(received: Received[], text: string): number {
  let soFar = "";
  for (const piece of received) {
    soFar += piece.text;
    if (soFar.includes(text)) return piece.atMs;
  }
  throw new Error(`stdout never held ${JSON.stringify(text)}`);
}

describe("llm-runtime chat against an OpenAI server that streams slowly", function () {
  this.timeout(30_000);
  let server: FakeServer;
  let folder: string;
  let configPath: string;

  beforeEach(async () => {
    server = await startOpenAIFakeServer();
    folder = await mkdtemp(join(tmpdir(), "llm-runtime-cli-stream-"));
    configPath = join(folder, "llm.config.json");
    const config = {
      plugins: ["openai"],
      providers: { openai: { type: "openai", baseURL: `${server.url}/v1` } },
      clients: { default: { provider: "openai", model: "gpt-4o" } },
    };
    await writeFile(configPath, JSON.stringify(config));
  });

  afterEach(async () => {
    await server.close();
    await rm(folder, { recursive: true, force: true });
  });

  it("prints each token as it arrives, not when the reply is complete", async () => {
    server.enqueue(openAISseReply(openAIChunkEvents({ textPieces: PIECES }), { eventDelayMs: GAP_MS }));
    const { code, received } = await chat(["Say hello"], configPath);
    expect(code).to.equal(0);
    expect(received.map((piece) => piece.text).join("")).to.equal(`${PIECES.join("")}\n`);
    expect((server.requests[0].body as { stream?: boolean }).stream).to.equal(true);
    const first = arrivalOf(received, PIECES[0]);
    const last = arrivalOf(received, PIECES.join(""));
    // The server spaces the last piece at least (pieces - 1) gaps after the first one.
    expect(last - first).to.be.at.least((PIECES.length - 2) * GAP_MS);
  });

  it("waits for the whole reply with --no-stream and asks for no stream", async () => {
    server.enqueue(openAIJsonReply(openAIChatCompletion({ content: PIECES.join("") }), { delayMs: GAP_MS }));
    const { code, received } = await chat(["--no-stream", "Say hello"], configPath);
    expect(code).to.equal(0);
    expect((server.requests[0].body as { stream?: boolean }).stream).to.equal(undefined);
    expect(received.map((piece) => piece.text).join("")).to.equal(`${PIECES.join("")}\n`);
    expect(received[0].text.startsWith(PIECES.join(""))).to.equal(true, "the first write is the whole reply");
  });
});
