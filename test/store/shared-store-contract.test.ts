import { expect } from "chai";
import { createMemoryStore, createRedisStore, type SharedStore } from "../../src/index.js";
import { startRedisServer, type TestRedisServer } from "../support/redis-server.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until the store's writes reach Redis (the client connects in the background). */
async function untilConnected(probe: () => Promise<boolean>): Promise<void> {
  const startedAt = Date.now();
  while (!(await probe())) {
    if (Date.now() - startedAt > 5000) throw new Error("the Redis store never connected");
    await sleep(20);
  }
}

/** The SharedStore contract, the same for every implementation. */
function defineContract(
  name: string,
  makeStore: () => Promise<{ store: SharedStore; done: () => Promise<void> }>,
) {
  describe(`the SharedStore contract: ${name}`, () => {
    let store: SharedStore;
    let done: () => Promise<void>;
    beforeEach(async () => {
      ({ store, done } = await makeStore());
    });
    afterEach(async () => {
      await store.close();
      await done();
    });

    it("gets undefined for a key never set", async () => {
      expect(await store.get("never-set")).to.equal(undefined);
    });

    it("gets what was set, until its TTL passes", async () => {
      await store.set("a", "one", 300);
      expect(await store.get("a")).to.equal("one");
      await sleep(400);
      expect(await store.get("a")).to.equal(undefined);
    });

    it("replaces a value and its TTL on a second set", async () => {
      await store.set("b", "first", 60);
      await store.set("b", "second", 5000);
      await sleep(100);
      expect(await store.get("b")).to.equal("second");
    });

    it("counts 1, 2, 3 within a window, then starts again at 1 once the window has passed", async () => {
      expect(await store.increment("c", 300)).to.equal(1);
      expect(await store.increment("c", 300)).to.equal(2);
      expect(await store.increment("c", 300)).to.equal(3);
      await sleep(400);
      expect(await store.increment("c", 300)).to.equal(1);
    });

    it("keeps the window of the first increment: later increments do not extend it", async () => {
      await store.increment("d", 400);
      await sleep(250);
      await store.increment("d", 400);
      await sleep(250);
      expect(await store.increment("d", 400)).to.equal(1);
    });

    it("gives 50 concurrent increments 50 distinct counts", async () => {
      const counts = await Promise.all(Array.from({ length: 50 }, () => store.increment("e", 5000)));
      expect([...counts].sort((x, y) => x - y)).to.deep.equal(Array.from({ length: 50 }, (_, i) => i + 1));
    });

    it("keeps keys apart", async () => {
      await store.set("f1", "x", 5000);
      await store.increment("f2", 5000);
      expect(await store.get("f1")).to.equal("x");
      expect(await store.get("f3")).to.equal(undefined);
    });
  });
}

defineContract("in memory", async () => ({ store: createMemoryStore(), done: async () => undefined }));

describe("the SharedStore contract against a real redis-server", function () {
  this.timeout(20_000);
  let redis: TestRedisServer;
  before(async () => {
    redis = await startRedisServer();
  });
  after(async () => {
    await redis?.stop();
  });

  let run = 0;
  defineContract("in Redis", async () => {
    run += 1;
    const keyPrefix = `contract-${run}:`;
    const store = createRedisStore({ url: redis.url, keyPrefix });
    // Proof that answers come from Redis, not the local view: a second store sees the first's writes.
    const witness = createRedisStore({ url: redis.url, keyPrefix });
    await untilConnected(async () => {
      await store.set("connected", "yes", 5000);
      return (await witness.get("connected")) === "yes";
    });
    return { store, done: () => witness.close() };
  });
});

describe("the memory store", () => {
  it("drops expired entries on writes, so keys never read again do not pile up", async () => {
    let now = 0;
    const store = createMemoryStore({ now: () => now });
    for (let i = 0; i < 1000; i++) await store.set(`k${i}`, "v", 10);
    now = 5000;
    // The Map is private and a read drops the expired entry it finds anyway, so watch the write
    // itself delete the 1000 expired keys.
    const deleted = new Set<unknown>();
    const { delete: mapDelete } = Map.prototype;
    Map.prototype.delete = function (this: Map<unknown, unknown>, key: unknown) {
      deleted.add(key);
      return mapDelete.call(this, key);
    };
    try {
      await store.set("fresh", "v", 10);
    } finally {
      Map.prototype.delete = mapDelete;
    }
    expect([...deleted].filter((key) => typeof key === "string" && /^k\d+$/.test(key))).to.have.length(1000);
    expect(await store.get("k1")).to.equal(undefined);
    expect(await store.get("fresh")).to.equal("v");
    await store.close();
  });

  it("treats a TTL of 0 as delete", async () => {
    const store = createMemoryStore();
    await store.set("a", "v", 1000);
    await store.set("a", "v", 0);
    expect(await store.get("a")).to.equal(undefined);
  });
});
