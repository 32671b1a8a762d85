/**
 * The docs/reliability.md rows of the health plugin (cooldowns, circuit breaking, retry budget, bulkhead),
 * through createRuntime against the fake servers: E6 to E9, B7, C9, C12 (its breaker half) and L1.
 * Cooldowns here are a few hundred milliseconds of real time, so the rows run as they would in
 * production, only faster. Sharing them between processes through Redis is tested in
 * test/plugins/health/shared-cooldowns-redis.test.ts.
 */
import { expect } from "chai";
import type { AttemptRecord } from "../../src/index.js";
import type { FakeReply, FakeServer } from "../../src/testing/index.js";
import { fallback, fastRetry, PROMPT, useFaultHarness } from "./support/fault-harness.js";
import { FAULT_PROVIDERS, type FaultProvider, OPENAI } from "./support/fault-providers.js";
import { attemptsOf, settle } from "./support/settle.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const health = (options: Record<string, unknown> = {}) => ({ use: "health", options });
const HANG: FakeReply = { kind: "hang" };

const nextOf = (provider: FaultProvider) =>
  FAULT_PROVIDERS[(FAULT_PROVIDERS.indexOf(provider) + 1) % FAULT_PROVIDERS.length];

const outcomes = (attempts: readonly AttemptRecord[]) =>
  attempts.map(
    (record) => `${record.provider}:${record.outcome}${record.skipReason ? `(${record.skipReason})` : ""}`,
  );

/** Chat calls the server received (Gemini's fake also serves file uploads; none here). */
const calls = (server: FakeServer) => server.requests.length;

describe("faults: provider health (health plugin)", function () {
  this.timeout(30_000);
  const harness = useFaultHarness();

  for (const provider of FAULT_PROVIDERS) {
    const secondary = nextOf(provider);
    describe(`${provider.name} answering 503 to everything, ${secondary.name} healthy`, () => {
      harness.test(
        "E6 after 3 failures the primary's fake sees no request for the cooldown, then exactly one probe; a good probe closes it",
        async () => {
          const { client } = await harness.open({
            chain: [provider.name, secondary.name],
            plugins: [fallback(), health({ consecutiveFailures: 3, cooldownMs: 1500 })],
          });
          const primary = harness.servers[provider.name];
          primary.setDefaultReply(provider.errorReply({ status: 503 }));
          harness.servers[secondary.name].setDefaultReply(secondary.text("from the secondary"));
          for (let i = 0; i < 3; i++) await client.generateResponse(PROMPT);
          expect(calls(primary)).to.equal(3);

          for (let i = 0; i < 5; i++) {
            const output = await client.generateResponse(PROMPT);
            expect(output.content).to.equal("from the secondary");
            expect(outcomes(output.attempts)).to.deep.equal([
              `${provider.name}:skipped(circuit_open)`,
              `${secondary.name}:success`,
            ]);
          }
          expect(calls(primary), "no request during the cooldown").to.equal(3);

          await sleep(1550);
          await Promise.all([1, 2, 3].map(() => client.generateResponse(PROMPT)));
          expect(calls(primary), "exactly one probe").to.equal(4);

          // The probe failed: the primary cools down again, for twice as long (3 s).
          primary.setDefaultReply(provider.text("the primary is back"));
          await sleep(1550);
          await client.generateResponse(PROMPT);
          expect(calls(primary), "still cooling after a failed probe").to.equal(4);
          await sleep(1500);
          expect((await client.generateResponse(PROMPT)).content).to.equal("the primary is back");
          const closed = await client.generateResponse(PROMPT);
          expect(outcomes(closed.attempts)).to.deep.equal([`${provider.name}:success`]);
        },
      );
    });

    harness.test(`E7 ${provider.name}: 400s in a row never open the breaker`, async () => {
      const { client } = await harness.open({
        chain: [provider.name],
        plugins: [health({ consecutiveFailures: 2, minCallsInWindow: 1 })],
      });
      const server = harness.servers[provider.name];
      server.setDefaultReply(provider.errorReply({ status: 400 }));
      for (let i = 0; i < 6; i++) await settle(harness, client.generateResponse(PROMPT));
      expect(calls(server)).to.equal(6);
    });
  }

  harness.test(
    "E8 every target cooling: fails at once with ProviderUnavailableError and the earliest reopening; no busy loop",
    async () => {
      const { client } = await harness.open({
        chain: ["openai", "anthropic", "google"],
        plugins: [fallback(), health({ consecutiveFailures: 1, cooldownMs: 5000 })],
      });
      for (const provider of FAULT_PROVIDERS) {
        harness.servers[provider.name].setDefaultReply(provider.errorReply({ status: 503 }));
      }
      await settle(harness, client.generateResponse(PROMPT));
      const startedAt = Date.now();
      const { error } = await settle(harness, client.generateResponse(PROMPT));
      expect(Date.now() - startedAt).to.be.below(1000);
      expect(error?.name).to.equal("ProviderUnavailableError");
      expect(error?.retryAfterMs).to.be.within(3000, 5000);
      expect(attemptsOf({ error: error! }).map((record) => record.outcome)).to.deep.equal([
        "skipped",
        "skipped",
        "skipped",
      ]);
      for (const provider of FAULT_PROVIDERS) expect(calls(harness.servers[provider.name])).to.equal(1);
    },
  );

  harness.test("E9 two concurrent failures set cooldown deadlines: the longer one wins", async () => {
    const { client } = await harness.open({
      chain: ["openai", "anthropic"],
      plugins: [fallback(), health({ consecutiveFailures: 1, cooldownMs: 1000 })],
    });
    const openai = harness.servers.openai;
    // The first call's 503 sets a 1 s cooldown; the second's 429, answered 50 ms later, asks for 3 s.
    openai.enqueue(OPENAI.errorReply({ status: 503 }), {
      ...OPENAI.errorReply({ status: 429, headers: { "retry-after": "3" } }),
      delayMs: 50,
    } as FakeReply);
    harness.servers.anthropic.setDefaultReply(FAULT_PROVIDERS[1].text("from anthropic"));
    const startedAt = Date.now();
    await Promise.all([client.generateResponse(PROMPT), client.generateResponse(PROMPT)]);
    const output = await client.generateResponse(PROMPT);
    expect(output.attempts[0].skipReason).to.equal("retry_after");
    expect(output.attempts[0].skippedUntil).to.be.at.least(startedAt + 3000);
    await sleep(1100);
    const later = await client.generateResponse(PROMPT);
    expect(later.attempts[0].outcome, "still cooling after the shorter deadline").to.equal("skipped");
    expect(calls(openai)).to.equal(2);
  });

  harness.test(
    "B7 100 concurrent requests, upstream 100 % 503, 3 retries each: upstream calls stay within 1.2x the requests",
    async () => {
      const { client } = await harness.open({
        chain: ["openai"],
        plugins: [
          fastRetry({ maxRetries: 3 }),
          health({ consecutiveFailures: 1000, minCallsInWindow: 100_000 }),
        ],
      });
      harness.servers.openai.setDefaultReply(OPENAI.errorReply({ status: 503 }));
      const settled = await Promise.all(
        Array.from({ length: 100 }, () => settle(harness, client.generateResponse(PROMPT))),
      );
      expect(settled.every((result) => result.error?.name === "ProviderUnavailableError")).to.equal(true);
      expect(calls(harness.servers.openai)).to.be.at.least(100).and.at.most(120);
    },
  );

  harness.test(
    "C9 a caller's abort during the breaker's probe frees the probe slot; the state stays",
    async () => {
      const { client } = await harness.open({
        chain: ["openai", "anthropic"],
        plugins: [fallback(), health({ consecutiveFailures: 1, cooldownMs: 200 })],
      });
      const openai = harness.servers.openai;
      openai.enqueue(OPENAI.errorReply({ status: 503 }), HANG);
      openai.setDefaultReply(OPENAI.text("the probe after the abort"));
      harness.servers.anthropic.setDefaultReply(FAULT_PROVIDERS[1].text("from anthropic"));
      await client.generateResponse(PROMPT);
      await sleep(250);
      const controller = new AbortController();
      const probe = settle(
        harness,
        client.generateResponse(PROMPT, undefined, undefined, { signal: controller.signal }),
      );
      await openai.waitForRequests(2);
      // While the probe is out, others skip the half-open target.
      const meanwhile = await client.generateResponse(PROMPT);
      expect(meanwhile.attempts[0].skipReason).to.equal("probe_in_flight");
      controller.abort();
      expect((await probe).error?.name).to.equal("AbortError");
      const next = await client.generateResponse(PROMPT);
      expect(next.content, "the next request is the new probe").to.equal("the probe after the abort");
      expect(calls(openai)).to.equal(3);
    },
  );

  harness.test(
    "C12 the request's own deadline and the caller's abort do not count as provider failures",
    async () => {
      const { client } = await harness.open({
        chain: ["openai"],
        plugins: [health({ consecutiveFailures: 1 })],
      });
      const openai = harness.servers.openai;
      openai.enqueue(HANG, HANG);
      openai.setDefaultReply(OPENAI.text("still called"));
      const { error: deadline } = await settle(
        harness,
        client.generateResponse(PROMPT, undefined, undefined, { timeoutMs: 100 }),
      );
      expect(deadline?.name).to.equal("TimeoutError");
      const controller = new AbortController();
      const aborted = settle(
        harness,
        client.generateResponse(PROMPT, undefined, undefined, { signal: controller.signal }),
      );
      await openai.waitForRequests(2);
      controller.abort();
      expect((await aborted).error?.name).to.equal("AbortError");
      expect((await client.generateResponse(PROMPT)).content).to.equal("still called");
      expect(calls(openai)).to.equal(3);
    },
  );

  harness.test(
    "L1 a burst above the bulkhead: 2 run, 1 waits, the rest are refused with BulkheadRejectedError without a call",
    async () => {
      const { client } = await harness.open({
        chain: ["openai"],
        plugins: [health({ maxConcurrentPerInstance: 2, maxQueuedPerInstance: 1 })],
      });
      harness.servers.openai.setDefaultReply({ ...OPENAI.text("done"), delayMs: 150 } as FakeReply);
      const settled = await Promise.all(
        Array.from({ length: 6 }, () => settle(harness, client.generateResponse(PROMPT))),
      );
      expect(settled.filter((result) => result.output?.content === "done")).to.have.length(3);
      const refused = settled.filter((result) => result.error !== undefined);
      expect(refused.map((result) => result.error?.name)).to.deep.equal([
        "BulkheadRejectedError",
        "BulkheadRejectedError",
        "BulkheadRejectedError",
      ]);
      expect(calls(harness.servers.openai)).to.equal(3);
    },
  );
});
