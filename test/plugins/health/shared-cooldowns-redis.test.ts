import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { createInterface, type Interface } from "node:readline";
import { fileURLToPath } from "node:url";
import { expect } from "chai";
import { parseCooldown } from "../../../plugins/health/shared-cooldowns.js";
import { type AttemptRecord, createRedisStore, type LLMOutput } from "../../../src/index.js";
import { scriptedRuntime, userMessage } from "../../kernel/runtime-fixture.js";
import { startRedisServer, type TestRedisServer } from "../../support/redis-server.js";

const INSTANCE = fileURLToPath(new URL("./fixtures/redis-instance.ts", import.meta.url));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Answer {
  content: string;
  attempts: AttemptRecord[];
  at: number;
}

/** The instance of fixtures/redis-instance.ts in a process of its own. */
async function startInstance(redisUrl: string, namespace: string) {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, ["--import", "tsx", INSTANCE], {
    env: { ...process.env, REDIS_URL: redisUrl, HEALTH_NAMESPACE: namespace },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (chunk) => {
    stderr += chunk;
  });
  const lines: Interface = createInterface({ input: child.stdout });
  const pending: string[] = [];
  const waiters: Array<(line: string) => void> = [];
  lines.on("line", (line) => {
    const waiter = waiters.shift();
    if (waiter) waiter(line);
    else pending.push(line);
  });
  const nextLine = () =>
    new Promise<string>((resolve, reject) => {
      const early = pending.shift();
      if (early !== undefined) return resolve(early);
      const timer = setTimeout(() => reject(new Error(`the instance did not answer: ${stderr}`)), 15_000);
      waiters.push((line) => {
        clearTimeout(timer);
        resolve(line);
      });
    });
  await nextLine(); // ready
  return {
    async send(text: string): Promise<Answer> {
      child.stdin.write(`${text}\n`);
      return JSON.parse(await nextLine()) as Answer;
    },
    async stop() {
      child.stdin.end();
      if (child.exitCode === null) await new Promise((resolve) => child.once("exit", resolve));
    },
  };
}

const primaryRules = [
  { match: { contains: "short" }, error: { kind: "rate_limit" as const, status: 429, retryAfterMs: 2000 } },
  { match: { contains: "429" }, error: { kind: "rate_limit" as const, status: 429, retryAfterMs: 30_000 } },
  { reply: { text: "primary" } },
];

describe("cooldowns shared through Redis", function () {
  this.timeout(60_000);
  let redis: TestRedisServer;
  before(async () => {
    redis = await startRedisServer();
  });
  after(async () => {
    await redis?.stop();
  });

  it("a 429 with retry-after: 30 seen by one process cools the target for 30 s in another within about a second", async () => {
    const other = await startInstance(redis.url, "two-processes");
    const { runtime, client, scripted } = await scriptedRuntime({
      providers: { primary: primaryRules, backup: [{ reply: { text: "backup" } }] },
      chain: ["primary", "backup"],
      plugins: [
        "fallback",
        { use: "health", options: { store: "redis", redisUrl: redis.url, namespace: "two-processes" } },
      ],
    });
    try {
      // This process has called the primary before: it is one of the targets it keeps in sync.
      expect((await client.generateResponse(userMessage("hello"))).content).to.equal("primary");
      await sleep(300); // the store has connected

      const learned = await other.send("429 please");
      expect(learned.content).to.equal("backup");
      expect(learned.attempts[0].errorCode).to.equal("rate_limit");

      let skipped: LLMOutput | undefined;
      while (skipped === undefined) {
        const output = await client.generateResponse(userMessage("hello"));
        if (output.attempts[0].outcome === "skipped") skipped = output;
        else if (Date.now() - learned.at > 2000)
          throw new Error("the cooldown did not reach this process in 2 s");
        else await sleep(50);
      }
      const delayMs = Date.now() - learned.at;
      // One sync interval (1 s by default) at most, plus two processes' scheduling on a shared machine.
      expect(delayMs, "honoured within about a second").to.be.below(2500);
      expect(skipped.content).to.equal("backup");
      expect(skipped.attempts[0].skipReason).to.equal("retry_after");
      // Cooling until 30 s after the 429, as the other process learned it.
      expect(skipped.attempts[0].skippedUntil).to.be.within(learned.at + 29_000, learned.at + 30_500);
      const callsSoFar = scripted("primary").requests.length;
      for (let i = 0; i < 5; i++) await client.generateResponse(userMessage("hello"));
      expect(scripted("primary").requests).to.have.length(callsSoFar);
    } finally {
      await other.stop();
      await runtime.close();
    }
  });

  it("sends one probe across the processes sharing a cooldown, and the other closes with it", async () => {
    const other = await startInstance(redis.url, "one-probe");
    const { runtime, client, scripted } = await scriptedRuntime({
      providers: { primary: primaryRules, backup: [{ reply: { text: "backup" } }] },
      chain: ["primary", "backup"],
      plugins: [
        "fallback",
        { use: "health", options: { store: "redis", redisUrl: redis.url, namespace: "one-probe" } },
      ],
    });
    try {
      await client.generateResponse(userMessage("hello"));
      await sleep(300);
      const learned = await other.send("short 429 please");
      expect(learned.attempts[0].errorCode).to.equal("rate_limit");
      // Past the 2 s cooldown, with a sync of each process in between (and its probe claimed).
      await sleep(Math.max(0, learned.at + 2300 - Date.now()));
      const callsBefore = scripted("primary").requests.length;
      const [here, there] = await Promise.all([
        client.generateResponse(userMessage("hello")),
        other.send("hello"),
      ]);
      const probes =
        scripted("primary").requests.length - callsBefore + (there.attempts[0].outcome === "success" ? 1 : 0);
      expect(
        probes,
        JSON.stringify({
          here: here.attempts,
          there: there.attempts,
          at: learned.at,
          learned: learned.attempts,
        }),
      ).to.equal(1);
      const loser = here.attempts[0].outcome === "skipped" ? here : there;
      expect(
        loser.attempts[0].skipReason,
        JSON.stringify({ here: here.attempts, there: there.attempts, at: learned.at }),
      ).to.equal("probe_in_flight");
      // The probe succeeded: the other process closes at its next sync, not after the 10 s lease.
      await sleep(1300);
      const [hereAfter, thereAfter] = await Promise.all([
        client.generateResponse(userMessage("hello")),
        other.send("hello"),
      ]);
      expect([hereAfter.content, thereAfter.content]).to.deep.equal(["primary", "primary"]);
    } finally {
      await other.stop();
      await runtime.close();
    }
  });

  it("never logs the Redis URL or its password, and answers while Redis cannot be reached", async () => {
    const canary = "canary-redis-pass-7d1e0b";
    const { runtime, client, logLines } = await scriptedRuntime({
      providers: { primary: [{ reply: { text: "primary" } }] },
      chain: ["primary"],
      plugins: [{ use: "health", options: { store: "redis", redisUrl: `redis://:${canary}@127.0.0.1:1/0` } }],
    });
    try {
      expect((await client.generateResponse(userMessage("hello"))).content).to.equal("primary");
      const startedAt = Date.now();
      while (!logLines.some((line) => line.includes("shared store unreachable"))) {
        if (Date.now() - startedAt > 5000) throw new Error("no warning was logged");
        await sleep(25);
      }
      expect(logLines.join("\n")).not.to.include(canary);
      expect(logLines.join("\n")).not.to.include("127.0.0.1:1");
    } finally {
      await runtime.close();
    }
  });

  it("loses no request when Redis is killed mid-run, warns once, and shares again once it is back", async () => {
    const { runtime, client, logLines } = await scriptedRuntime({
      providers: { primary: primaryRules, backup: [{ reply: { text: "backup" } }] },
      chain: ["primary", "backup"],
      plugins: [
        "fallback",
        {
          use: "health",
          options: { store: "redis", redisUrl: redis.url, namespace: "outage", syncIntervalMs: 100 },
        },
      ],
    });
    try {
      await sleep(300);
      const slowest: number[] = [];
      for (let i = 0; i < 60; i++) {
        if (i === 15) await redis.kill();
        if (i === 40) await redis.start();
        const startedAt = performance.now();
        const output = await client.generateResponse(userMessage(`request ${i}`));
        slowest.push(performance.now() - startedAt);
        expect(output.content).to.equal("primary");
        await sleep(20);
      }
      expect(Math.max(...slowest), "no request waits for Redis (250 ms command timeout)").to.be.below(200);
      const warnings = logLines.filter((line) => line.includes("shared store unreachable"));
      expect(warnings).to.have.length(1);
      expect(warnings[0]).not.to.include(redis.url);

      // Back in Redis: a cooldown this process learns now reaches the store again.
      const witness = createRedisStore({ url: redis.url, keyPrefix: "outage:" });
      try {
        await client.generateResponse(userMessage("429 please"));
        const startedAt = Date.now();
        while (parseCooldown(await witness.get("health:cooldown:primary/primary-model")) === undefined) {
          if (Date.now() - startedAt > 5000) throw new Error("the cooldown never reached Redis");
          await sleep(50);
        }
      } finally {
        await witness.close();
      }
      expect(logLines.filter((line) => line.includes("shared store reachable again"))).to.have.length(1);
    } finally {
      await runtime.close();
    }
  });
});
