/**
 * Fault class B of docs/reliability.md: how long the runtime waits before a retry, and how many retries it
 * makes, through createRuntime against the fake servers. B4 (no retry before the server's wait)
 * is checked after every test of the fault suite by the harness; B7 (the health plugin's retry
 * budget) is in health.test.ts.
 *
 * The retry plugin takes the larger of its backoff and the provider's wait, so a past date, a
 * negative or an unreadable Retry-After (B2) all show as the plain backoff delay.
 */
import { expect } from "chai";
import { type FakeReply, googleErrorReply } from "../../src/testing/index.js";
import { fallback, fastRetry, PROMPT, useFaultHarness } from "./support/fault-harness.js";
import { FAULT_PROVIDERS, type FaultProvider, GOOGLE } from "./support/fault-providers.js";
import { faultFixture } from "./support/fixture-path.js";
import { settle, traceOf } from "./support/settle.js";

const BACKOFF_MS = 20;

/** A 429 in the provider's shape asking to wait: headers for OpenAI and Anthropic, RetryInfo for Gemini. */
function rateLimitAsking(
  provider: FaultProvider,
  wait: { headers?: Record<string, string>; retryDelay?: string },
) {
  if (provider.name !== "google") return provider.errorReply({ status: 429, headers: wait.headers });
  const details = [
    { "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: wait.retryDelay ?? "" },
  ];
  return googleErrorReply({
    status: 429,
    message: "Resource has been exhausted (e.g. check quota).",
    details,
  });
}

const nextOf = (provider: FaultProvider) =>
  FAULT_PROVIDERS[(FAULT_PROVIDERS.indexOf(provider) + 1) % FAULT_PROVIDERS.length];

describe("faults B: backoff, Retry-After and retry counts", function () {
  this.timeout(20_000);
  const harness = useFaultHarness();

  describe("B1, B2: reading the wait a 429 asks for", () => {
    const pastDate = "Wed, 21 Oct 2015 07:28:00 GMT";
    const headerRows: Array<{ id: string; fault: string; headers: Record<string, string> }> = [
      {
        id: "B1",
        fault: "retry-after-ms: 0 with retry-after: 30",
        headers: { "retry-after-ms": "0", "retry-after": "30" },
      },
      { id: "B2", fault: "a past HTTP date", headers: { "retry-after": pastDate } },
      { id: "B2", fault: "a negative number", headers: { "retry-after": "-5" } },
      { id: "B2", fault: "NaN", headers: { "retry-after": "NaN" } },
      { id: "B2", fault: "an empty value", headers: { "retry-after": "" } },
      {
        id: "B2",
        fault: "both headers malformed",
        headers: { "retry-after-ms": "soon", "retry-after": "later" },
      },
    ];
    for (const provider of FAULT_PROVIDERS.filter((candidate) => candidate.readsHeaders)) {
      for (const row of headerRows) {
        harness.test(
          `${row.id} ${provider.name}: ${row.fault} waits only the ${BACKOFF_MS} ms backoff`,
          async () => {
            const { client } = await harness.open({
              chain: [provider.name],
              plugins: [fastRetry({ initialDelayMs: BACKOFF_MS })],
            });
            const server = harness.servers[provider.name];
            server.enqueue(rateLimitAsking(provider, { headers: row.headers }), provider.text("retried"));
            const output = await client.generateResponse(PROMPT);
            expect(output.attempts[0]).to.include({ decision: "retry", delayMs: BACKOFF_MS });
            expect(server.requests).to.have.length(2);
          },
        );
      }

      harness.test(`B2 ${provider.name}: an HTTP date about 2 s ahead is waited for`, async () => {
        const { client } = await harness.open({
          chain: [provider.name],
          plugins: [fastRetry({ initialDelayMs: BACKOFF_MS })],
        });
        const server = harness.servers[provider.name];
        const date = new Date(Date.now() + 2000).toUTCString();
        server.enqueue(
          rateLimitAsking(provider, { headers: { "retry-after": date } }),
          provider.text("retried"),
        );
        const output = await client.generateResponse(PROMPT);
        // HTTP dates have whole seconds: "2 s ahead" is between 1 and 2 s away.
        expect(output.attempts[0].delayMs).to.be.within(900, 2000);
        expect(server.requests[1].receivedAt).to.be.at.least(Date.parse(date));
      });
    }

    for (const retryDelay of ["soon", "-5s", ""]) {
      harness.test(
        `B2 google: a RetryInfo.retryDelay of ${JSON.stringify(retryDelay)} waits only the backoff`,
        async () => {
          const { client } = await harness.open({
            chain: ["google"],
            plugins: [fastRetry({ initialDelayMs: BACKOFF_MS })],
          });
          harness.servers.google.enqueue(rateLimitAsking(GOOGLE, { retryDelay }), GOOGLE.text("retried"));
          const output = await client.generateResponse(PROMPT);
          expect(output.attempts[0]).to.include({ decision: "retry", delayMs: BACKOFF_MS });
        },
      );
    }
  });

  describe("B3: a wait of a day or more is never slept", () => {
    for (const provider of FAULT_PROVIDERS) {
      for (const seconds of [86_400, 9_999_999_999]) {
        const wait = { headers: { "retry-after": String(seconds) }, retryDelay: `${seconds}s` };
        harness.test(`${provider.name}: ${seconds} s falls back at once, after one attempt`, async () => {
          const secondary = nextOf(provider);
          const { client } = await harness.open({
            chain: [provider.name, secondary.name],
            plugins: [fastRetry({ maxRetries: 3 }), fallback()],
          });
          harness.servers[provider.name].setDefaultReply(rateLimitAsking(provider, wait));
          harness.servers[secondary.name].enqueue(secondary.text("the fallback answered"));
          const startedAt = performance.now();
          const output = await client.generateResponse(PROMPT);
          expect(performance.now() - startedAt).to.be.below(1000);
          expect(traceOf(output.attempts)).to.deep.equal([
            `${provider.name}:rate_limit->fallback`,
            `${secondary.name}:ok`,
          ]);
        });
      }

      harness.test(
        `${provider.name}: without a fallback, 86400 s fails at once with RateLimitError and retryAfterMs`,
        async () => {
          const { client } = await harness.open({
            chain: [provider.name],
            plugins: [fastRetry({ maxRetries: 3 })],
          });
          const wait = { headers: { "retry-after": "86400" }, retryDelay: "86400s" };
          harness.servers[provider.name].setDefaultReply(rateLimitAsking(provider, wait));
          const startedAt = performance.now();
          const error = await harness.failure(client.generateResponse(PROMPT));
          expect(performance.now() - startedAt).to.be.below(1000);
          expect(error).to.include({ name: "RateLimitError", retryAfterMs: 86_400_000 });
          expect(harness.servers[provider.name].requests).to.have.length(1);
        },
      );
    }
  });

  describe("B5: 100 clients failing at the same instant", () => {
    const CLIENTS = 100;
    const CAP_MS = 400;
    for (const provider of FAULT_PROVIDERS) {
      harness.test(
        `${provider.name}: retry at spread times, every delay within [0, ${CAP_MS}] ms`,
        async () => {
          const { client } = await harness.open({
            chain: [provider.name],
            timeoutMs: 10_000,
            plugins: [
              {
                use: faultFixture("seeded-retry-plugin.ts"),
                options: { maxRetries: 1, initialDelayMs: 1000, maxDelayMs: CAP_MS, jitter: 1 },
              },
            ],
          });
          const server = harness.servers[provider.name];
          const seen = new Set<string>();
          for (let index = 0; index < 2 * CLIENTS; index++) {
            server.enqueue((request) => {
              const prompt = provider.adapter.readWire(request).texts.join(" ");
              if (seen.has(prompt)) return provider.text(`answer to ${prompt}`);
              seen.add(prompt);
              return provider.errorReply({ status: 503 });
            });
          }
          const outputs = await Promise.all(
            Array.from({ length: CLIENTS }, (_, index) =>
              client.generateResponse([{ role: "user", content: `client ${index}` }]),
            ),
          );
          const delays = outputs.map((output) => output.attempts[0].delayMs ?? -1);
          for (const delay of delays) expect(delay).to.be.within(0, CAP_MS);
          const counts = new Map<number, number>();
          for (const delay of delays) counts.set(delay, (counts.get(delay) ?? 0) + 1);
          // 100 draws over 401 values give about 89 distinct ones; a shared schedule gives 1.
          expect(counts.size).to.be.at.least(75);
          expect(Math.max(...counts.values())).to.be.at.most(4);
        },
      );
    }
  });

  describe("B6: delays with maxDelayMs set", () => {
    for (const provider of FAULT_PROVIDERS) {
      harness.test(
        `${provider.name}: no delay exceeds the cap, and all of them fit in the time the request took`,
        async () => {
          const { client } = await harness.open({
            chain: [provider.name],
            plugins: [fastRetry({ maxRetries: 5, initialDelayMs: 10, backoffFactor: 3, maxDelayMs: 50 })],
          });
          harness.servers[provider.name].setDefaultReply(provider.errorReply({ status: 503 }));
          const startedAt = performance.now();
          const error = await harness.failure(client.generateResponse(PROMPT));
          const elapsedMs = performance.now() - startedAt;
          const delays = error.attempts.map((record) => record.delayMs ?? 0);
          expect(delays).to.deep.equal([10, 30, 50, 50, 50, 0]);
          const busyMs = error.attempts.reduce((sum, record) => sum + record.durationMs, 0);
          expect(delays.reduce((sum, delay) => sum + delay, 0) + busyMs).to.be.at.most(elapsedMs + 5);
        },
      );

      harness.test(
        `${provider.name}: retries stop before the deadline rather than wait past it`,
        async () => {
          const { client } = await harness.open({
            chain: [provider.name],
            timeoutMs: 600,
            plugins: [fastRetry({ maxRetries: 10, initialDelayMs: 150, backoffFactor: 1 })],
          });
          harness.servers[provider.name].setDefaultReply(provider.errorReply({ status: 503 }));
          const startedAt = performance.now();
          const error = await harness.failure(client.generateResponse(PROMPT));
          expect(performance.now() - startedAt).to.be.below(600);
          expect(error.name, "the provider's failure, not a timeout").to.equal("ProviderUnavailableError");
          const delays = error.attempts.map((record) => record.delayMs ?? 0);
          expect(delays.reduce((sum, delay) => sum + delay, 0)).to.be.below(600);
          expect(error.attempts.length).to.be.within(2, 4);
        },
      );
    }
  });

  describe("B8: the SDKs' own retries are off", () => {
    const faults: Array<{ fault: string; reply: (provider: FaultProvider) => FakeReply }> = [
      { fault: "408", reply: (provider) => provider.errorReply({ status: 408 }) },
      { fault: "409", reply: (provider) => provider.errorReply({ status: 409 }) },
      { fault: "429", reply: (provider) => provider.errorReply({ status: 429 }) },
      { fault: "500", reply: (provider) => provider.errorReply({ status: 500 }) },
      { fault: "503", reply: (provider) => provider.errorReply({ status: 503 }) },
      { fault: "a connection reset", reply: () => ({ kind: "reset" }) },
    ];
    for (const provider of FAULT_PROVIDERS) {
      for (const { fault, reply } of faults) {
        harness.test(
          `${provider.name}: ${fault} reaches the server as often as the kernel counts attempts`,
          async () => {
            const server = harness.servers[provider.name];
            server.setDefaultReply(reply(provider));
            const bare = await harness.open({ chain: [provider.name] });
            await harness.failure(bare.client.generateResponse(PROMPT));
            expect(server.requests, "no retry plugin: one request").to.have.length(1);
            const retrying = await harness.open({
              chain: [provider.name],
              plugins: [fastRetry({ maxRetries: 1 })],
            });
            const error = await harness.failure(retrying.client.generateResponse(PROMPT));
            expect(server.requests.length - 1).to.equal(error.attempts.length);
          },
        );
      }
    }
  });

  describe("B9: retry counts per error kind", () => {
    const retries = { rate_limit: 3, timeout: 2, authentication: 3, invalid_request: 3 };
    const rows = [
      { status: 429, kind: "rate_limit", attempts: 4 },
      { status: 408, kind: "timeout", attempts: 3 },
      { status: 503, kind: "provider_unavailable (maxRetries 0)", attempts: 1 },
      { status: 401, kind: "authentication (never retryable)", attempts: 1 },
      { status: 400, kind: "invalid_request (never retryable)", attempts: 1 },
    ];
    for (const provider of FAULT_PROVIDERS) {
      for (const row of rows) {
        harness.test(
          `${provider.name}: ${row.status} ${row.kind} stops after ${row.attempts} attempt(s)`,
          async () => {
            const { client } = await harness.open({
              chain: [provider.name],
              plugins: [fastRetry({ maxRetries: 0, retries })],
            });
            harness.servers[provider.name].setDefaultReply(provider.errorReply({ status: row.status }));
            const error = await harness.failure(client.generateResponse(PROMPT));
            expect(error.attempts).to.have.length(row.attempts);
            expect(harness.servers[provider.name].requests).to.have.length(row.attempts);
          },
        );
      }
    }
  });

  describe("B10: an onError tap asking to retry a non-retryable error", () => {
    for (const provider of FAULT_PROVIDERS) {
      harness.test(
        `${provider.name}: is held to maxAttemptsPerRequest (5), then to the default 16`,
        async () => {
          const plugins = [{ use: faultFixture("always-retry-plugin.mjs") }];
          const server = harness.servers[provider.name];
          server.setDefaultReply(provider.errorReply({ status: 400 }));
          const capped = await harness.open({ chain: [provider.name], plugins, maxAttemptsPerRequest: 5 });
          const first = await settle(harness, capped.client.generateResponse(PROMPT));
          expect(first.error?.name).to.equal("InvalidRequestError");
          expect(server.requests).to.have.length(5);
          const byDefault = await harness.open({ chain: [provider.name], plugins });
          await harness.failure(byDefault.client.generateResponse(PROMPT));
          expect(server.requests).to.have.length(5 + 16);
        },
      );
    }
  });
});
