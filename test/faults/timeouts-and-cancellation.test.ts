/**
 * Fault class C of docs/reliability.md: timeouts and cancellation, through createRuntime against the fake
 * servers. TimeoutError's `phase` (src/errors/provider-errors.ts): `attempt` is the row's `headers` and `body`
 * (an instance's timeoutMs bounds a non-streaming call's body too), `total` the request's
 * deadline, `idle` the row's StreamIdleTimeoutError. Breakers (C9, C12's first half) are in health.test.ts.
 */
import { getEventListeners } from "node:events";
import { expect } from "chai";
import { eventIndexOf, streamedText, waitUntil } from "../../src/testing/conformance/stream-case-helpers.js";
import type { FakeReply } from "../../src/testing/index.js";
import { fallback, fastRetry, PROMPT, useFaultHarness } from "./support/fault-harness.js";
import { ANTHROPIC, FAULT_PROVIDERS, type FaultProvider } from "./support/fault-providers.js";
import { traceOf } from "./support/settle.js";

const PIECES = ["Alpha-", "Bravo-", "Charlie."];

const nextOf = (provider: FaultProvider) =>
  FAULT_PROVIDERS[(FAULT_PROVIDERS.indexOf(provider) + 1) % FAULT_PROVIDERS.length];

/** Whether `target` is the error or one of its causes. */
function causeChainIncludes(error: unknown, target: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current !== undefined; depth++) {
    if (current === target) return true;
    current = current instanceof Error ? current.cause : undefined;
  }
  return false;
}

/**
 * Referenced timers keeping the process alive, counted from a setImmediate callback: counted from
 * a timer's own callback, the list of that timer would still show as active.
 */
async function activeTimersSettled(): Promise<number> {
  await new Promise((resolve) => setImmediate(resolve));
  return process.getActiveResourcesInfo().filter((resource) => resource === "Timeout").length;
}

describe("faults C: timeouts and cancellation", function () {
  this.timeout(20_000);
  const harness = useFaultHarness();

  for (const provider of FAULT_PROVIDERS) {
    describe(provider.name, () => {
      harness.test(
        "C1 a server that never sends headers times out per attempt and is retried per policy",
        async () => {
          const { client } = await harness.open({
            chain: [provider.name],
            timeoutMs: 5000,
            plugins: [fastRetry({ maxRetries: 1 })],
            instances: { [provider.name]: { timeoutMs: 150 } },
          });
          harness.servers[provider.name].setDefaultReply({ kind: "hang" });
          const startedAt = performance.now();
          const error = await harness.failure(client.generateResponse(PROMPT));
          expect(performance.now() - startedAt).to.be.below(1500);
          expect(error).to.include({ name: "TimeoutError", phase: "attempt" });
          expect(traceOf(error.attempts)).to.deep.equal([
            `${provider.name}:timeout->retry`,
            `${provider.name}:timeout->fail`,
          ]);
        },
      );

      harness.test(
        "C1 without a per-attempt timeout, the request's deadline ends it and closes the socket",
        async () => {
          const { client } = await harness.open({
            chain: [provider.name],
            timeoutMs: 300,
            plugins: [fastRetry({ maxRetries: 3 })],
          });
          const server = harness.servers[provider.name];
          server.setDefaultReply({ kind: "hang" });
          const startedAt = performance.now();
          const error = await harness.failure(client.generateResponse(PROMPT));
          expect(performance.now() - startedAt).to.be.within(280, 900);
          expect(error).to.include({ name: "TimeoutError", phase: "total" });
          expect(server.requests).to.have.length(1);
          await waitUntil(() => server.requests[0].clientDisconnected, "the server saw the disconnect");
        },
      );

      harness.test(
        "C2 the instance's timeoutMs bounds a JSON body that stalls after the headers, per attempt",
        async () => {
          const { client } = await harness.open({
            chain: [provider.name],
            timeoutMs: 3000,
            instances: { [provider.name]: { timeoutMs: 200 } },
          });
          harness.servers[provider.name].enqueue(stalledBody(provider));
          const startedAt = performance.now();
          const error = await harness.failure(client.generateResponse(PROMPT));
          expect(performance.now() - startedAt).to.be.below(800);
          expect(error).to.include({ name: "TimeoutError", phase: "attempt" });
        },
      );

      harness.test(
        "C2 without a per-attempt timeout, the request's deadline ends a JSON body that stalls",
        async () => {
          const { client } = await harness.open({ chain: [provider.name], timeoutMs: 300 });
          harness.servers[provider.name].enqueue(stalledBody(provider));
          const startedAt = performance.now();
          const error = await harness.failure(client.generateResponse(PROMPT));
          expect(performance.now() - startedAt).to.be.within(280, 900);
          expect(error).to.include({ name: "TimeoutError", phase: "total" });
        },
      );

      harness.test(
        "C3 a stream silent after a delta ends with an idle TimeoutError and partial output, never retried",
        async () => {
          const secondary = nextOf(provider);
          const { client } = await harness.open({
            chain: [provider.name, secondary.name],
            idleTimeoutMs: 300,
            plugins: [fastRetry(), fallback()],
          });
          const reply = provider.streamText(PIECES);
          harness.servers[provider.name].enqueue({
            ...reply,
            hangAfterEvents: eventIndexOf(reply, PIECES[0]) + 1,
          });
          const { events, error } = await harness.stream(client.streamResponse(PROMPT));
          expect(error).to.include({ name: "TimeoutError", phase: "idle" });
          expect(error?.partialOutput?.content).to.equal(PIECES[0]);
          expect(streamedText(events)).to.equal(PIECES[0]);
          expect(harness.servers[provider.name].requests).to.have.length(1);
          expect(harness.servers[secondary.name].requests).to.have.length(0);
        },
      );

      harness.test("C4 a slow drip under the idle limit is ended by the total deadline", async () => {
        // 50 ms between chunks, well under the 400 ms idle limit; 40 chunks would take 2 s.
        const { client } = await harness.open({
          chain: [provider.name],
          idleTimeoutMs: 400,
          timeoutMs: 1200,
        });
        const pieces = Array.from({ length: 40 }, (_, index) => `drip${index} `);
        harness.servers[provider.name].enqueue({ ...provider.streamText(pieces), eventDelayMs: 50 });
        const startedAt = performance.now();
        const { events, error } = await harness.stream(client.streamResponse(PROMPT));
        expect(error).to.include({ name: "TimeoutError", phase: "total" });
        expect(performance.now() - startedAt).to.be.within(1150, 1900);
        expect(streamedText(events)).to.match(/^drip0 drip1 /);
        expect(error?.partialOutput?.content).to.equal(streamedText(events));
      });

      harness.test(
        "C5 a signal aborted before the call rejects with AbortError and sends nothing",
        async () => {
          const { client } = await harness.open({ chain: [provider.name], plugins: [fastRetry()] });
          const controller = new AbortController();
          controller.abort(new Error("cancelled before it began"));
          const options = { signal: controller.signal };
          const error = await harness.failure(client.generateResponse(PROMPT, undefined, undefined, options));
          expect(error.name).to.equal("AbortError");
          const streamed = await harness.stream(client.streamResponse(PROMPT, undefined, undefined, options));
          expect(streamed.error?.name).to.equal("AbortError");
          expect(harness.servers[provider.name].requests).to.have.length(0);
        },
      );

      harness.test(
        "C6, C12 an abort mid-request closes the request, keeps the reason, and neither retries nor falls back",
        async () => {
          const secondary = nextOf(provider);
          const { client } = await harness.open({
            chain: [provider.name, secondary.name],
            plugins: [fastRetry({ maxRetries: 3 }), fallback()],
          });
          const server = harness.servers[provider.name];
          server.setDefaultReply({ kind: "hang" });
          const controller = new AbortController();
          const call = client.generateResponse(PROMPT, undefined, undefined, { signal: controller.signal });
          await server.waitForRequests(1);
          const reason = new Error("user pressed stop");
          controller.abort(reason);
          const error = await harness.failure(call);
          expect(error.name).to.equal("AbortError");
          expect(causeChainIncludes(error, reason), "the abort reason is a cause").to.equal(true);
          await waitUntil(() => server.requests[0].clientDisconnected, "the server saw the disconnect");
          expect(server.requests).to.have.length(1);
          expect(harness.servers[secondary.name].requests).to.have.length(0);
        },
      );

      harness.test(
        "C7 an abort during a 30 s backoff rejects at once and makes no further attempt",
        async () => {
          const { client } = await harness.open({ chain: [provider.name], plugins: [fastRetry()] });
          const server = harness.servers[provider.name];
          const wait = provider.name === "google" ? "30s" : "30";
          server.setDefaultReply(
            provider.name === "google"
              ? {
                  kind: "json",
                  status: 429,
                  body: {
                    error: {
                      code: 429,
                      message: "Resource exhausted.",
                      status: "RESOURCE_EXHAUSTED",
                      details: [{ "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: wait }],
                    },
                  },
                }
              : provider.errorReply({ status: 429, headers: { "retry-after": wait } }),
          );
          const controller = new AbortController();
          const call = client.generateResponse(PROMPT, undefined, undefined, { signal: controller.signal });
          await server.waitForRequests(1);
          await new Promise((resolve) => setTimeout(resolve, 50));
          const abortedAt = performance.now();
          controller.abort();
          const error = await harness.failure(call);
          expect(performance.now() - abortedAt).to.be.below(20);
          expect(error.name).to.equal("AbortError");
          await new Promise((resolve) => setTimeout(resolve, 50));
          expect(server.requests).to.have.length(1);
        },
      );

      harness.test("C8 an abort while the fallback target is in flight aborts that request too", async () => {
        const secondary = nextOf(provider);
        const { client } = await harness.open({
          chain: [provider.name, secondary.name],
          plugins: [fallback()],
        });
        harness.servers[provider.name].setDefaultReply(provider.errorReply({ status: 503 }));
        const fallbackServer = harness.servers[secondary.name];
        fallbackServer.setDefaultReply({ kind: "hang" });
        const controller = new AbortController();
        const call = client.generateResponse(PROMPT, undefined, undefined, { signal: controller.signal });
        await fallbackServer.waitForRequests(1);
        controller.abort();
        const error = await harness.failure(call);
        expect(error.name).to.equal("AbortError");
        await waitUntil(
          () => fallbackServer.requests[0].clientDisconnected,
          "the fallback server saw the disconnect",
        );
      });

      harness.test(
        "C10 200 calls sharing one signal leave no listener, no warning and no timer behind",
        async () => {
          const warnings: string[] = [];
          const onWarning = (warning: Error) => warnings.push(warning.name);
          process.on("warning", onWarning);
          try {
            const baseline = await activeTimersSettled();
            const { runtime, client } = await harness.open({
              chain: [provider.name],
              plugins: [fastRetry({ initialDelayMs: 0 })],
            });
            const server = harness.servers[provider.name];
            server.setDefaultReply(provider.text("ok"));
            const controller = new AbortController();
            const options = { signal: controller.signal };
            for (let index = 0; index < 200; index++) {
              if (index % 50 === 0) server.enqueue(provider.errorReply({ status: 503 }));
              await client.generateResponse(PROMPT, undefined, undefined, options);
            }
            expect(getEventListeners(controller.signal, "abort")).to.have.length(0);
            await runtime.close();
            expect(await activeTimersSettled()).to.be.at.most(baseline);
          } finally {
            process.off("warning", onWarning);
          }
          expect(warnings).to.deep.equal([]);
        },
      );
    });
  }

  harness.test(
    "C10 10,000 sequential calls sharing one signal leave no abort listener behind (scripted provider)",
    async () => {
      const runtime = await harness.createRuntime({
        config: {
          plugins: ["scripted", fastRetry({ initialDelayMs: 0 })],
          providers: { local: { type: "scripted", rules: [{ reply: { text: "ok" } }] } },
          clients: { default: { provider: "local", model: "local-model" } },
        },
      });
      const client = runtime.client();
      const controller = new AbortController();
      const options = { signal: controller.signal };
      for (let index = 0; index < 10_000; index++)
        await client.generateResponse(PROMPT, undefined, undefined, options);
      expect(getEventListeners(controller.signal, "abort")).to.have.length(0);
    },
  );

  harness.test(
    "C11 anthropic: a non-streaming call whose max_tokens implies over 10 minutes is a typed error, never a hang",
    async () => {
      const { client } = await harness.open({
        chain: [{ instance: "anthropic", params: { max_tokens: 64_000 } }],
      });
      harness.servers.anthropic.setDefaultReply(ANTHROPIC.text("never sent"));
      const error = await harness.failure(client.generateResponse(PROMPT));
      expect(error.name).to.equal("InvalidRequestError");
      expect(error.message).to.include("max_tokens");
      expect(harness.servers.anthropic.requests).to.have.length(0);
    },
  );
});

/** A JSON reply whose body stops after 20 bytes and never goes on (headers already sent). */
function stalledBody(provider: FaultProvider): FakeReply {
  const reply = provider.text("a body long enough to stall in the middle of");
  if (reply.kind !== "json") expect.fail("a JSON reply");
  return { ...reply, stall: { afterBytes: 20, stallMs: Number.POSITIVE_INFINITY } };
}
