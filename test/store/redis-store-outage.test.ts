import { expect } from "chai";
import { createRedisStore, type SharedStore, type StoreLogger } from "../../src/index.js";
import { startRedisServer, type TestRedisServer } from "../support/redis-server.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function recordingLogger() {
  const lines: Array<{ level: string; fields: Record<string, unknown>; message: string }> = [];
  const logger: StoreLogger = {
    warn: (fields, message) => lines.push({ level: "warn", fields, message }),
    info: (fields, message) => lines.push({ level: "info", fields, message }),
  };
  return { lines, logger };
}

async function until(
  condition: () => Promise<boolean> | boolean,
  what: string,
  limitMs = 8000,
): Promise<void> {
  const startedAt = Date.now();
  while (!(await condition())) {
    if (Date.now() - startedAt > limitMs) throw new Error(`timed out waiting until ${what}`);
    await sleep(25);
  }
}

describe("the Redis store when Redis goes away", function () {
  this.timeout(30_000);
  let redis: TestRedisServer;
  let store: SharedStore;
  let witness: SharedStore;
  before(async () => {
    redis = await startRedisServer();
  });
  after(async () => {
    await store?.close();
    await witness?.close();
    await redis?.stop();
  });

  it("answers from its local view at once while Redis is down, warns once, and goes back to Redis when it returns", async () => {
    const { lines, logger } = recordingLogger();
    store = createRedisStore({ url: redis.url, keyPrefix: "outage:", logger });
    witness = createRedisStore({ url: redis.url, keyPrefix: "outage:" });
    await until(async () => {
      await store.set("k", "before", 60_000);
      return (await witness.get("k")) === "before";
    }, "the store writes to Redis");

    await redis.kill();
    const startedAt = performance.now();
    for (let i = 0; i < 20; i++) {
      await store.set("k", `during-${i}`, 60_000);
      expect(await store.get("k")).to.equal(`during-${i}`);
      expect(await store.increment("n", 60_000)).to.equal(i + 1);
    }
    const perCallMs = (performance.now() - startedAt) / 60;
    expect(perCallMs, "a call while Redis is down answers without waiting").to.be.below(100);
    await sleep(800); // reconnection attempts fail meanwhile: still one warning
    expect(lines.filter((line) => line.level === "warn")).to.have.length(1);

    await redis.start();
    await until(async () => {
      await store.set("k", "after", 60_000);
      return (await witness.get("k")) === "after";
    }, "the store writes to Redis again");
    expect(lines.map((line) => line.level)).to.deep.equal(["warn", "info"]);
    expect(lines[0].fields).to.have.property("reason").that.is.a("string");
  });

  it("answers from its local view within the command timeout while Redis is stalled", async () => {
    const { lines, logger } = recordingLogger();
    const stalled = createRedisStore({
      url: redis.url,
      keyPrefix: "stalled:",
      logger,
      commandTimeoutMs: 100,
    });
    const stalledWitness = createRedisStore({ url: redis.url, keyPrefix: "stalled:" });
    try {
      await until(async () => {
        await stalled.set("k", "before", 60_000);
        return (await stalledWitness.get("k")) === "before";
      }, "the store writes to Redis");
      redis.pause();
      const startedAt = performance.now();
      expect(await stalled.increment("n", 60_000)).to.equal(1);
      expect(await stalled.get("k")).to.equal("before");
      expect(performance.now() - startedAt, "one command timeout, then the local view at once").to.be.below(
        400,
      );
      expect(lines.filter((line) => line.level === "warn")).to.have.length(1);
    } finally {
      redis.resume();
      await stalled.close();
      await stalledWitness.close();
    }
  });

  it("never names the URL's password in what it logs", async () => {
    const canary = "canary-redis-password-4f9d2a";
    const { lines, logger } = recordingLogger();
    // A port nobody listens on: the connection is refused, and the store warns.
    const refused = createRedisStore({ url: `redis://:${canary}@127.0.0.1:1/0`, logger });
    try {
      expect(await refused.increment("x", 1000)).to.equal(1);
      await until(() => lines.length > 0, "the store warns");
      expect(JSON.stringify(lines)).not.to.include(canary);
      expect(JSON.stringify(lines)).not.to.include("127.0.0.1:1");
    } finally {
      await refused.close();
    }
  });

  it("closes at once when Redis was never reachable", async () => {
    const unreachable = createRedisStore({ url: "redis://127.0.0.1:1" });
    await sleep(50);
    const startedAt = performance.now();
    await unreachable.close();
    expect(performance.now() - startedAt).to.be.below(500);
  });
});
