import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { createConnection } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "chai";
import type { FakeServer } from "../../src/testing/index.js";
import { openAIChatCompletion, openAIJsonReply, startOpenAIFakeServer } from "../../src/testing/index.js";
import { startRedisServer, type TestRedisServer } from "../support/redis-server.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const TSX = import.meta.resolve("tsx");
const BIN = join(ROOT, "src/cli/bin.ts");
const GATEWAY_KEY = "gw-redis-canary-31415926";
const LIMIT = 3;
const fromEnvironment = (name: string) => `\${${name}}`;

function serve(config: string, redisUrl: string): { child: ChildProcess; url: Promise<string> } {
  const child = spawn(process.execPath, ["--import", TSX, BIN, "serve", "--config", config, "--port", "0"], {
    env: { PATH: process.env.PATH ?? "", GATEWAY_KEY, REDIS_URL: redisUrl, PROVIDER_KEY: "sk-redis-test" },
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
  return { child, url };
}

/** How many clients are connected to the Redis server (its CLIENT LIST, this probe included). */
function redisClients(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: "127.0.0.1", port });
    let reply = "";
    socket.once("error", reject);
    socket.on("data", (chunk) => {
      reply += chunk.toString();
      const header = /^\$(\d+)\r\n/.exec(reply);
      if (header && reply.length >= header[0].length + Number(header[1])) {
        socket.destroy();
        resolve((reply.match(/\bid=/g) ?? []).length);
      }
    });
    socket.once("connect", () => socket.write("CLIENT LIST\r\n"));
  });
}

async function chat(url: string): Promise<number> {
  const response = await fetch(`${url}/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${GATEWAY_KEY}`, "content-type": "application/json" },
    body: JSON.stringify({ model: "default", messages: [{ role: "user", content: "Hi" }] }),
  });
  await response.arrayBuffer();
  return response.status;
}

describe("two gateway processes sharing one Redis", function () {
  this.timeout(40_000);
  let redis: TestRedisServer;
  let fake: FakeServer;
  const children: ChildProcess[] = [];

  before(async () => {
    redis = await startRedisServer();
    fake = await startOpenAIFakeServer({
      defaultReply: openAIJsonReply(openAIChatCompletion({ content: "ok" })),
    });
  });
  after(async () => {
    for (const child of children) {
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        await new Promise((resolve) => child.once("exit", resolve));
      }
    }
    await fake?.close();
    await redis?.stop();
  });

  it("hold one per-key rate limit between them", async () => {
    const dir = await mkdtemp(join(tmpdir(), "llm-runtime-serve-redis-"));
    const config = join(dir, "llm.config.json");
    await writeFile(
      config,
      JSON.stringify({
        plugins: ["openai"],
        providers: {
          openai: { type: "openai", apiKey: fromEnvironment("PROVIDER_KEY"), baseURL: `${fake.url}/v1` },
        },
        clients: { default: { model: "gpt-4o" } },
        server: {
          store: "redis",
          redisUrl: fromEnvironment("REDIS_URL"),
          keys: [
            { name: "shared", key: fromEnvironment("GATEWAY_KEY"), clients: ["*"], requestsPerMinute: LIMIT },
          ],
        },
      }),
    );
    const first = serve(config, redis.url);
    const second = serve(config, redis.url);
    children.push(first.child, second.child);
    const [a, b] = await Promise.all([first.url, second.url]);
    // Windows are clock minutes: start well inside one, so all requests count in the same window.
    const intoMinute = Date.now() % 60_000;
    if (intoMinute > 45_000) await new Promise((resolve) => setTimeout(resolve, 60_000 - intoMinute + 100));
    // Each store connects in the background: wait until both are connected (and the probe).
    const deadline = Date.now() + 15_000;
    while ((await redisClients(redis.port)) < 3) {
      if (Date.now() > deadline) throw new Error("the gateways did not connect to Redis");
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    const statuses = [await chat(a), await chat(b), await chat(a), await chat(b), await chat(a)];
    expect(statuses).to.deep.equal([200, 200, 200, 429, 429]);
    expect(fake.requests).to.have.length(LIMIT);
  });
});
