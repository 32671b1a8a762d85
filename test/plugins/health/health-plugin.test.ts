import { fileURLToPath } from "node:url";
import { expect } from "chai";
import type { AttemptRecord } from "../../../src/index.js";
import { scriptedRuntime, userMessage } from "../../kernel/runtime-fixture.js";
import { expectError, rejection } from "../../resilience/expect-failure.js";
import { clock } from "./fixtures/clocked-health-plugin.js";

const CLOCKED_HEALTH = fileURLToPath(new URL("./fixtures/clocked-health-plugin.ts", import.meta.url));
const clockedHealth = (options: Record<string, unknown> = {}) => ({ use: CLOCKED_HEALTH, options });
const health = (options: Record<string, unknown> = {}) => ({ use: "health", options });

const outcomes = (attempts: readonly AttemptRecord[]) =>
  attempts.map(
    (record) => `${record.provider}:${record.outcome}${record.skipReason ? `(${record.skipReason})` : ""}`,
  );

const UNAVAILABLE = { error: { kind: "provider_unavailable" as const, status: 503 } };
const OK = (text: string) => ({ reply: { text } });

describe("the health plugin", () => {
  let closeRuntime: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await closeRuntime?.();
    closeRuntime = undefined;
  });

  async function runtimeWith(options: Parameters<typeof scriptedRuntime>[0]) {
    const built = await scriptedRuntime(options);
    closeRuntime = () => built.runtime.close();
    return built;
  }

  it("stops calling a primary that answers 503 to everything after the threshold, probes once after the cooldown, and closes on success (E6)", async () => {
    clock.now = Date.now();
    const { client, scripted } = await runtimeWith({
      providers: {
        // Healthy again only for the last two requests.
        primary: [{ match: { matches: "^(probe 2|after)$" }, ...OK("primary is back") }, UNAVAILABLE],
        backup: [OK("from backup")],
      },
      chain: ["primary", "backup"],
      plugins: ["fallback", clockedHealth({ consecutiveFailures: 3, cooldownMs: 30_000 })],
    });
    for (let i = 0; i < 3; i++) {
      const output = await client.generateResponse(userMessage(`before ${i}`));
      expect(outcomes(output.attempts)).to.deep.equal(["primary:error", "backup:success"]);
    }
    const openedAt = clock.now;
    // Open: for the whole cooldown, the primary sees no request at all.
    for (let i = 0; i < 10; i++) {
      clock.now += 2000;
      const output = await client.generateResponse(userMessage(`during ${i}`));
      expect(output.content).to.equal("from backup");
      expect(outcomes(output.attempts)).to.deep.equal(["primary:skipped(circuit_open)", "backup:success"]);
      expect(output.attempts[0].skippedUntil, "the end of the 30 s cooldown").to.equal(openedAt + 30_000);
    }
    expect(scripted("primary").requests).to.have.length(3);

    // After the cooldown: exactly one probe; it fails, so the primary reopens for twice as long.
    clock.now += 10_001;
    await client.generateResponse(userMessage("probe 1"));
    expect(scripted("primary").requests).to.have.length(4);
    clock.now += 59_000;
    const stillOpen = await client.generateResponse(userMessage("still open"));
    expect(outcomes(stillOpen.attempts)[0]).to.equal("primary:skipped(circuit_open)");
    expect(scripted("primary").requests).to.have.length(4);

    // The primary recovers: the next probe succeeds and closes the circuit.
    clock.now += 1001;
    const probe = await client.generateResponse(userMessage("probe 2"));
    expect(probe.content).to.equal("primary is back");
    const after = await client.generateResponse(userMessage("after"));
    expect(outcomes(after.attempts)).to.deep.equal(["primary:success"]);
  });

  it("lets one probe through while concurrent requests skip the half-open target", async () => {
    clock.now = Date.now();
    const { client, scripted } = await runtimeWith({
      providers: {
        primary: [
          { ...UNAVAILABLE, times: 1 },
          { ...OK("probe answer"), delayMs: 100 },
        ],
        backup: [OK("from backup")],
      },
      chain: ["primary", "backup"],
      plugins: ["fallback", clockedHealth({ consecutiveFailures: 1, cooldownMs: 1000 })],
    });
    await client.generateResponse(userMessage("opens it"));
    clock.now += 1000;
    const outputs = await Promise.all(
      Array.from({ length: 5 }, (_, i) => client.generateResponse(userMessage(`concurrent ${i}`))),
    );
    expect(scripted("primary").requests).to.have.length(2);
    expect(outputs.filter((output) => output.content === "probe answer")).to.have.length(1);
    expect(outputs.filter((output) => output.attempts[0].skipReason === "probe_in_flight")).to.have.length(4);
  });

  it("never cools a target down for 400s, authentication errors or context length (E7)", async () => {
    const { client, scripted } = await runtimeWith({
      providers: {
        primary: [
          { match: { contains: "bad" }, error: { kind: "invalid_request", status: 400 } },
          { match: { contains: "auth" }, error: { kind: "authentication", status: 401 } },
          { error: { kind: "context_length", status: 400 } },
        ],
      },
      chain: ["primary"],
      plugins: [health({ consecutiveFailures: 1, minCallsInWindow: 1 })],
    });
    for (const text of ["bad", "auth", "long", "bad", "auth", "long"]) {
      await rejection(client.generateResponse(userMessage(text)));
    }
    expect(scripted("primary").requests).to.have.length(6);
  });

  it("fails at once with ProviderUnavailableError and the earliest reopening when every target is cooling (E8)", async () => {
    const { client, scripted } = await runtimeWith({
      providers: {
        primary: [{ error: { kind: "rate_limit", status: 429, retryAfterMs: 20_000 } }],
        backup: [{ error: { kind: "rate_limit", status: 429, retryAfterMs: 5000 } }],
      },
      chain: ["primary", "backup"],
      plugins: ["fallback", health()],
    });
    await rejection(client.generateResponse(userMessage("cools both")));
    const startedAt = Date.now();
    const error = await rejection(client.generateResponse(userMessage("both cooling")));
    expect(Date.now() - startedAt, "no wait for the 5 s reopening").to.be.below(1000);
    expectError(error, "ProviderUnavailableError");
    expect(error.retryAfterMs).to.be.within(4500, 5000);
    expect(error.attempts.map((record) => record.outcome)).to.deep.equal(["skipped", "skipped"]);
    expect(scripted("primary").requests).to.have.length(1);
    expect(scripted("backup").requests).to.have.length(1);
  });

  it('with whenAllCooling "try-earliest", sends the request to the target that reopens first', async () => {
    const { client, scripted } = await runtimeWith({
      providers: {
        primary: [
          { error: { kind: "rate_limit", status: 429, retryAfterMs: 20_000 }, times: 1 },
          OK("primary"),
        ],
        backup: [{ error: { kind: "rate_limit", status: 429, retryAfterMs: 5000 }, times: 1 }, OK("backup")],
      },
      chain: ["primary", "backup"],
      plugins: ["fallback", health({ whenAllCooling: "try-earliest" })],
    });
    await rejection(client.generateResponse(userMessage("cools both")));
    const output = await client.generateResponse(userMessage("both cooling"));
    expect(output.content).to.equal("backup");
    expect(outcomes(output.attempts)).to.deep.equal(["primary:skipped(retry_after)", "backup:success"]);
    expect(scripted("primary").requests).to.have.length(1);
  });

  it("cools a target for a 429's retry-after: 30 s, and the retry plugin does not wait for it", async () => {
    clock.now = Date.now();
    const { client, scripted } = await runtimeWith({
      providers: {
        primary: [
          { error: { kind: "rate_limit", status: 429, retryAfterMs: 30_000 }, times: 1 },
          OK("primary"),
        ],
        backup: [OK("backup")],
      },
      chain: ["primary", "backup"],
      plugins: ["retry", "fallback", clockedHealth()],
    });
    const startedAt = Date.now();
    const first = await client.generateResponse(userMessage("429"));
    expect(Date.now() - startedAt, "no 30 s retry wait").to.be.below(1000);
    expect(first.content).to.equal("backup");
    expect(first.attempts[0].decision).to.equal("fallback");
    clock.now += 29_000;
    const during = await client.generateResponse(userMessage("during"));
    expect(during.attempts[0].skippedUntil, "30 s after the 429").to.equal(clock.now + 1000);
    expect(outcomes(during.attempts)[0]).to.equal("primary:skipped(retry_after)");
    clock.now += 1000;
    const after = await client.generateResponse(userMessage("after"));
    expect(after.content).to.equal("primary");
    expect(scripted("primary").requests).to.have.length(2);
  });

  it("keeps the retry plugin's wait for a 429 on a target with no fallback, and the retry goes through", async () => {
    const { client, scripted } = await runtimeWith({
      providers: {
        primary: [
          { error: { kind: "rate_limit", status: 429, retryAfterMs: 200 }, times: 1 },
          OK("after the wait"),
        ],
      },
      chain: ["primary"],
      plugins: ["retry", health()],
    });
    const output = await client.generateResponse(userMessage("429 then fine"));
    expect(output.content).to.equal("after the wait");
    expect(output.attempts.map((record) => record.decision)).to.deep.equal(["retry", undefined]);
    expect(scripted("primary").requests).to.have.length(2);
  });

  it("keeps retries within the budget: 100 concurrent requests to a target failing 100 % make at most 120 calls (B7)", async () => {
    const { client, scripted } = await runtimeWith({
      providers: { primary: [{ ...UNAVAILABLE, delayMs: 5 }] },
      chain: ["primary"],
      plugins: [
        { use: "retry", options: { maxRetries: 3, initialDelayMs: 1, jitter: 0 } },
        health({ consecutiveFailures: 1000, minCallsInWindow: 100_000 }),
      ],
    });
    await Promise.all(
      Array.from({ length: 100 }, (_, i) => rejection(client.generateResponse(userMessage(`storm ${i}`)))),
    );
    const calls = scripted("primary").requests.length;
    expect(calls).to.be.at.least(100).and.at.most(120);
  });

  it("does not count the request's own deadline or the caller's abort as the target's failure (C12)", async () => {
    const { client, scripted } = await runtimeWith({
      providers: { primary: [{ ...OK("slow"), delayMs: 200 }] },
      chain: ["primary"],
      plugins: [health({ consecutiveFailures: 1 })],
    });
    await rejection(
      client.generateResponse(userMessage("deadline"), undefined, undefined, { timeoutMs: 20 }),
    );
    const controller = new AbortController();
    const aborted = rejection(
      client.generateResponse(userMessage("abort"), undefined, undefined, { signal: controller.signal }),
    );
    setTimeout(() => controller.abort(), 20);
    await aborted;
    const output = await client.generateResponse(userMessage("still closed"));
    expect(output.content).to.equal("slow");
    expect(scripted("primary").requests).to.have.length(3);
  });

  it("skips a cooling target for a stream too, and a stream's failure opens the circuit", async () => {
    const { client, scripted } = await runtimeWith({
      providers: {
        primary: [UNAVAILABLE],
        backup: [{ reply: { text: "streamed", chunks: ["stre", "amed"] } }],
      },
      chain: ["primary", "backup"],
      plugins: ["fallback", health({ consecutiveFailures: 1 })],
    });
    const read = async () => {
      let output: { attempts: AttemptRecord[]; content: string | null } | undefined;
      for await (const event of client.streamResponse(userMessage("stream"))) {
        if (event.type === "finish") output = event.output;
      }
      return output;
    };
    expect(outcomes((await read())?.attempts ?? [])).to.deep.equal(["primary:error", "backup:success"]);
    const second = await read();
    expect(second?.content).to.equal("streamed");
    expect(outcomes(second?.attempts ?? [])).to.deep.equal([
      "primary:skipped(circuit_open)",
      "backup:success",
    ]);
    expect(scripted("primary").requests).to.have.length(1);
  });

  describe("with a bulkhead", () => {
    it("runs maxConcurrentPerInstance calls at once, queues maxQueuedPerInstance, and refuses one more with BulkheadRejectedError (L1)", async () => {
      const { client, scripted } = await runtimeWith({
        providers: { primary: [{ ...OK("done"), delayMs: 100 }] },
        chain: ["primary"],
        plugins: [health({ maxConcurrentPerInstance: 2, maxQueuedPerInstance: 1 })],
      });
      const results = await Promise.allSettled(
        Array.from({ length: 4 }, (_, i) => client.generateResponse(userMessage(`burst ${i}`))),
      );
      const refused = results.filter((result) => result.status === "rejected");
      expect(refused).to.have.length(1);
      expectError((refused[0] as PromiseRejectedResult).reason, "BulkheadRejectedError");
      expect(scripted("primary").requests).to.have.length(3);
    });

    it("sends the excess to the next target when there is one", async () => {
      const { client, scripted } = await runtimeWith({
        providers: { primary: [{ ...OK("primary"), delayMs: 100 }], backup: [OK("backup")] },
        chain: ["primary", "backup"],
        plugins: [health({ maxConcurrentPerInstance: 1, maxQueuedPerInstance: 0 })],
      });
      // The limit holds for every instance: one call at a time on the primary, one on the backup.
      const outputs = await Promise.all(
        Array.from({ length: 2 }, (_, i) => client.generateResponse(userMessage(`burst ${i}`))),
      );
      expect(outputs.map((output) => output.content).sort()).to.deep.equal(["backup", "primary"]);
      expect(outcomes(outputs[1].attempts)).to.deep.equal([
        "primary:skipped(bulkhead_full)",
        "backup:success",
      ]);
      expect(scripted("primary").requests).to.have.length(1);
    });

    it("takes an aborted request out of the queue, so its place goes to the next one", async () => {
      const { client } = await runtimeWith({
        providers: { primary: [{ ...OK("done"), delayMs: 150 }] },
        chain: ["primary"],
        plugins: [health({ maxConcurrentPerInstance: 1, maxQueuedPerInstance: 1 })],
      });
      const running = client.generateResponse(userMessage("running"));
      const controller = new AbortController();
      const queued = rejection(
        client.generateResponse(userMessage("queued"), undefined, undefined, { signal: controller.signal }),
      );
      await new Promise((resolve) => setTimeout(resolve, 20));
      controller.abort();
      expectError(await queued, "AbortError");
      // The queue has room again: this one waits for the running call instead of being refused.
      const next = await client.generateResponse(userMessage("next"));
      expect(next.content).to.equal("done");
      await running;
    });
  });
});
