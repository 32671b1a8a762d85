/**
 * Fault class A of docs/reliability.md: one failure of each kind, classified the same way by every provider
 * plugin, through createRuntime against the provider's fake server. Every row runs with the retry
 * plugin (2 retries) and the fallback plugin (default fallbackOn) loaded and a second provider in
 * the chain, so "not retried" and "no fallback" are observed, not assumed.
 *
 * The fault rows' error names map to src/errors: PermissionError is AuthenticationError (A3), RequestTooLargeError
 * and a 422 are InvalidRequestError (A7, A8), ConflictError is ProviderUnavailableError with status
 * 409 (A6), an unknown 5xx is ProviderUnavailableError with its raw status (A17).
 */
import { createServer } from "node:http";
import { expect } from "chai";
import { ANTHROPIC_ERRORS, type FakeReply, GOOGLE_ERRORS, OPENAI_ERRORS } from "../../src/testing/index.js";
import { fallback, fastRetry, PROMPT, useFaultHarness } from "./support/fault-harness.js";
import { FAULT_PROVIDERS, type FaultProvider, type ProviderName } from "./support/fault-providers.js";
import { attemptsOf, settle, traceOf } from "./support/settle.js";

const MAX_RETRIES = 2;

interface Expectation {
  errorClass: string;
  status: number;
  /** Called 1 + MAX_RETRIES times instead of once. */
  retried: boolean;
  /** Moved to the next provider under the fallback plugin's default fallbackOn. */
  fallsBack: boolean;
}

interface ClassificationRow {
  id: string;
  fault: string;
  /** The reply, or why this provider has no such fault. */
  reply(provider: FaultProvider, apiKey: string): FakeReply | string;
  expected(provider: FaultProvider): Expectation;
  /** The provider's own text the error message must carry. */
  message?: Partial<Record<ProviderName, string>>;
  requestId?: Partial<Record<ProviderName, string>>;
}

const terminal = (errorClass: string, status: number): Expectation => ({
  errorClass,
  status,
  retried: false,
  fallsBack: false,
});
const transient = (errorClass: string, status: number): Expectation => ({
  errorClass,
  status,
  retried: true,
  fallsBack: true,
});
const byStatus = (status: number) => (provider: FaultProvider) => provider.errorReply({ status });

const ROWS: ClassificationRow[] = [
  {
    id: "A1",
    fault: "400 invalid_request_error",
    reply: (provider) =>
      ({
        openai: OPENAI_ERRORS.invalidRequest(),
        anthropic: ANTHROPIC_ERRORS.invalidRequest(),
        google: GOOGLE_ERRORS.invalidArgument(),
      })[provider.name],
    expected: () => terminal("InvalidRequestError", 400),
    message: {
      openai: "Invalid type for 'temperature'",
      anthropic: "messages.0.content.0.text: Field required",
      google: "Request contains an invalid argument.",
    },
    requestId: { openai: "req_invalid", anthropic: "req_invalid" },
  },
  {
    id: "A2",
    fault: "401 invalid key (the key echoed in the message)",
    reply: (provider, apiKey) =>
      provider.adapter.errorCase("authentication", apiKey)?.reply ?? "no such error",
    // Gemini answers a wrong key with 400 INVALID_ARGUMENT (A14).
    expected: (provider) => terminal("AuthenticationError", provider.name === "google" ? 400 : 401),
    requestId: { openai: "req_auth", anthropic: "req_auth" },
  },
  {
    id: "A3",
    fault: "403 permission denied (PermissionError is AuthenticationError here)",
    reply: (provider) =>
      ({
        openai: OPENAI_ERRORS.permissionDenied(),
        anthropic: ANTHROPIC_ERRORS.permissionDenied(),
        google: provider.errorReply({ status: 403, message: "Permission denied on resource project fake." }),
      })[provider.name],
    expected: () => terminal("AuthenticationError", 403),
  },
  {
    id: "A4",
    fault: "404 model not found",
    reply: (provider, apiKey) =>
      provider.adapter.errorCase("model_not_found", apiKey)?.reply ?? "no such error",
    expected: () => terminal("ModelNotFoundError", 404),
  },
  {
    id: "A5",
    fault: "408 request timeout",
    reply: byStatus(408),
    expected: () => transient("TimeoutError", 408),
  },
  {
    id: "A6",
    fault: "409 conflict, every time",
    reply: byStatus(409),
    // @google/genai does not retry 409 (its retry codes are 408, 429, 500, 502, 503, 504) and
    // Gemini's 409 is ABORTED: the plugin leaves it to the caller as an invalid request.
    expected: (provider) =>
      provider.name === "google"
        ? terminal("InvalidRequestError", 409)
        : transient("ProviderUnavailableError", 409),
  },
  {
    id: "A7",
    fault: "413 request too large (RequestTooLargeError is InvalidRequestError here)",
    reply: (provider) =>
      provider.name === "anthropic"
        ? ANTHROPIC_ERRORS.requestTooLarge()
        : provider.errorReply({ status: 413 }),
    expected: () => terminal("InvalidRequestError", 413),
  },
  {
    id: "A8",
    fault: "422 unprocessable entity",
    reply: byStatus(422),
    expected: () => terminal("InvalidRequestError", 422),
  },
  {
    id: "A10",
    fault: "429 insufficient_quota / per-day quota / 402 credit exhausted",
    reply: (provider, apiKey) =>
      provider.adapter.errorCase("quota_exhausted", apiKey)?.reply ?? "no such error",
    expected: (provider) => ({
      ...terminal("QuotaExhaustedError", provider.name === "anthropic" ? 402 : 429),
      fallsBack: true,
    }),
  },
  ...[500, 502, 503, 504].map(
    (status): ClassificationRow => ({
      id: "A11",
      fault: `${status}, every time`,
      reply: byStatus(status),
      expected: () => transient("ProviderUnavailableError", status),
    }),
  ),
  {
    id: "A12",
    fault: "529 overloaded_error, every time",
    reply: (provider) =>
      provider.name === "anthropic"
        ? ANTHROPIC_ERRORS.overloaded()
        : provider.errorReply({ status: 529, message: "Overloaded" }),
    expected: () => transient("ProviderUnavailableError", 529),
  },
  {
    id: "A14",
    fault: "Gemini 400 API key not valid (INVALID_ARGUMENT)",
    reply: (provider) => (provider.name === "google" ? GOOGLE_ERRORS.invalidKey() : "Gemini only"),
    expected: () => terminal("AuthenticationError", 400),
  },
  {
    id: "A17",
    fault: "418, an unknown 4xx",
    reply: byStatus(418),
    expected: () => terminal("InvalidRequestError", 418),
  },
  ...[520, 599].map(
    (status): ClassificationRow => ({
      id: "A17",
      fault: `${status}, an unknown 5xx`,
      reply: byStatus(status),
      expected: () => transient("ProviderUnavailableError", status),
    }),
  ),
];

/** The provider after `provider` in the table: the fallback target of every row. */
function nextProvider(provider: FaultProvider): FaultProvider {
  const index = FAULT_PROVIDERS.indexOf(provider);
  return FAULT_PROVIDERS[(index + 1) % FAULT_PROVIDERS.length];
}

describe("faults A: classification of single failures", function () {
  this.timeout(20_000);
  const harness = useFaultHarness();

  for (const provider of FAULT_PROVIDERS) {
    describe(`${provider.name}, falling back to ${nextProvider(provider).name}`, () => {
      for (const row of ROWS) {
        const expected = row.expected(provider);
        const behaviour = `${expected.errorClass} ${expected.status}, ${expected.retried ? "retried" : "one attempt"}, ${expected.fallsBack ? "then falls back" : "no fallback"}`;
        const sample = row.reply(provider, "sk-sample");
        if (typeof sample === "string") continue;
        harness.test(`${row.id} ${row.fault}: ${behaviour}`, async () => {
          const secondary = nextProvider(provider);
          const { client } = await harness.open({
            chain: [provider.name, secondary.name],
            plugins: [fastRetry({ maxRetries: MAX_RETRIES }), fallback()],
          });
          const reply = row.reply(provider, harness.canaries[provider.name]) as FakeReply;
          harness.servers[provider.name].setDefaultReply(reply);
          harness.servers[secondary.name].setDefaultReply(secondary.text("the fallback answered"));

          const settled = await settle(harness, client.generateResponse(PROMPT));
          const attempts = attemptsOf(settled);
          const onPrimary = attempts.filter((record) => record.provider === provider.name);
          expect(harness.servers[provider.name].requests).to.have.length(onPrimary.length);
          expect(onPrimary).to.have.length(expected.retried ? 1 + MAX_RETRIES : 1);
          expect(onPrimary[0]).to.include({ errorClass: expected.errorClass, status: expected.status });
          expect(harness.servers[secondary.name].requests).to.have.length(expected.fallsBack ? 1 : 0);
          if (expected.fallsBack) {
            expect(settled.output?.content).to.equal("the fallback answered");
            expect(settled.output?.provider).to.equal(secondary.name);
            return;
          }
          const error = settled.error;
          expect(error?.name).to.equal(expected.errorClass);
          expect(error?.status).to.equal(expected.status);
          expect(error?.provider).to.equal(provider.name);
          expect(error?.cause, "the SDK's error is kept as cause").to.not.equal(undefined);
          const text = row.message?.[provider.name];
          if (text) expect(error?.message).to.include(text);
          const requestId = row.requestId?.[provider.name];
          if (requestId) expect(error?.requestId).to.equal(requestId);
        });
      }
    });
  }

  describe("A2, A4, E5: fallback on auth or model errors only when fallbackOn lists them", () => {
    for (const provider of FAULT_PROVIDERS) {
      harness.test(
        `${provider.name}: an auth error falls back when listed, is logged at warn once and stays in the aggregate`,
        async () => {
          const secondary = nextProvider(provider);
          const { client } = await harness.open({
            chain: [provider.name, secondary.name],
            plugins: [
              fastRetry({ maxRetries: MAX_RETRIES }),
              fallback(["authentication", "provider_unavailable"]),
            ],
          });
          const auth = provider.adapter.errorCase("authentication", harness.canaries[provider.name]);
          harness.servers[provider.name].enqueue(auth?.reply ?? expect.fail("no auth error"));
          harness.servers[secondary.name].setDefaultReply(secondary.errorReply({ status: 503 }));

          const error = await harness.failure(client.generateResponse(PROMPT));
          expect(error.name, "the most informative failure is thrown").to.equal("AuthenticationError");
          expect(error.errors.map((each) => each.name)).to.deep.equal([
            "AuthenticationError",
            "ProviderUnavailableError",
            "ProviderUnavailableError",
            "ProviderUnavailableError",
          ]);
          const warnings = harness.logLines.filter((line) =>
            line.includes("falling back to the next target"),
          );
          expect(warnings).to.have.length(1);
          expect(JSON.parse(warnings[0])).to.include({ level: 40, errorCode: "authentication" });
        },
      );

      harness.test(
        `${provider.name}: a 404 model error falls back only when model_not_found is listed`,
        async () => {
          const secondary = nextProvider(provider);
          const { client } = await harness.open({
            chain: [provider.name, secondary.name],
            plugins: [fallback(["model_not_found"])],
          });
          const notFound = provider.adapter.errorCase("model_not_found", "unused");
          harness.servers[provider.name].enqueue(notFound?.reply ?? expect.fail("no 404"));
          harness.servers[secondary.name].enqueue(secondary.text("another model answered"));
          const output = await client.generateResponse(PROMPT);
          expect(traceOf(output.attempts)).to.deep.equal([
            `${provider.name}:model_not_found->fallback`,
            `${secondary.name}:ok`,
          ]);
        },
      );
    }
  });

  describe("A9: 429 with a wait in seconds", () => {
    // The row says Retry-After: 2; 1 s keeps three providers' runs short and proves the same rule.
    const rateLimits: Record<ProviderName, () => FakeReply> = {
      openai: () => OPENAI_ERRORS.rateLimit({ retryAfter: "1" }),
      anthropic: () => ANTHROPIC_ERRORS.rateLimit({ retryAfter: "1" }),
      google: () => GOOGLE_ERRORS.rateLimit("1s"),
    };
    for (const provider of FAULT_PROVIDERS) {
      harness.test(
        `${provider.name}: makes exactly 2 attempts, the second no sooner than 1 s after the first`,
        async () => {
          const { client } = await harness.open({
            chain: [provider.name],
            plugins: [fastRetry({ maxRetries: 3 })],
          });
          const server = harness.servers[provider.name];
          server.enqueue(rateLimits[provider.name](), provider.text("after the wait"));
          const output = await client.generateResponse(PROMPT);
          expect(output.content).to.equal("after the wait");
          expect(server.requests).to.have.length(2);
          expect(server.requests[1].receivedAt - server.requests[0].receivedAt).to.be.at.least(1000);
          expect(output.attempts[0]).to.include({
            errorCode: "rate_limit",
            decision: "retry",
            delayMs: 1000,
          });
        },
      );
    }
  });

  describe("A10: a spent quota moves to another account of the same provider", () => {
    for (const provider of FAULT_PROVIDERS) {
      harness.test(
        `${provider.name}: one attempt with the spent key, then the backup account answers`,
        async () => {
          const { client } = await harness.open({
            chain: [provider.name, `${provider.name}-backup`],
            plugins: [fastRetry({ maxRetries: MAX_RETRIES }), fallback()],
          });
          const server = harness.servers[provider.name];
          const quota = provider.adapter.errorCase("quota_exhausted", "unused");
          server.enqueue(quota?.reply ?? expect.fail("no quota error"), provider.text("the other account"));
          const output = await client.generateResponse(PROMPT);
          expect(output.content).to.equal("the other account");
          expect(server.requests.map((request) => provider.adapter.sentApiKey(request))).to.deep.equal([
            harness.canaries[provider.name],
            harness.canaries.backup,
          ]);
        },
      );
    }
  });

  describe("A11: the final error lists each attempt", () => {
    for (const provider of FAULT_PROVIDERS) {
      harness.test(
        `${provider.name}: 1 + maxRetries attempts of 503, each in attempts, errors and the message`,
        async () => {
          const { client } = await harness.open({
            chain: [provider.name],
            plugins: [fastRetry({ maxRetries: MAX_RETRIES })],
          });
          harness.servers[provider.name].setDefaultReply(provider.errorReply({ status: 503 }));
          const error = await harness.failure(client.generateResponse(PROMPT));
          expect(error.name).to.equal("ProviderUnavailableError");
          expect(traceOf(error.attempts)).to.deep.equal([
            `${provider.name}:provider_unavailable->retry`,
            `${provider.name}:provider_unavailable->retry`,
            `${provider.name}:provider_unavailable->fail`,
          ]);
          expect(error.errors).to.have.length(3);
          expect(error.message).to.include("3 attempts");
        },
      );
    }
  });

  describe("A13: x-should-retry wins in both directions", () => {
    for (const provider of FAULT_PROVIDERS.filter((candidate) => candidate.readsHeaders)) {
      harness.test(`${provider.name}: a 500 with x-should-retry: false is not retried`, async () => {
        const { client } = await harness.open({ chain: [provider.name], plugins: [fastRetry()] });
        const server = harness.servers[provider.name];
        server.setDefaultReply(provider.errorReply({ status: 500, headers: { "x-should-retry": "false" } }));
        const error = await harness.failure(client.generateResponse(PROMPT));
        expect(error).to.include({ name: "ProviderUnavailableError", retryable: false });
        expect(server.requests).to.have.length(1);
      });

      for (const status of [409, 400]) {
        harness.test(`${provider.name}: a ${status} with x-should-retry: true is retried`, async () => {
          const { client } = await harness.open({ chain: [provider.name], plugins: [fastRetry()] });
          const server = harness.servers[provider.name];
          server.enqueue(provider.errorReply({ status, headers: { "x-should-retry": "true" } }));
          server.enqueue(provider.text("second time"));
          const output = await client.generateResponse(PROMPT);
          expect(output.content).to.equal("second time");
          expect(server.requests).to.have.length(2);
        });
      }
    }
  });

  describe("A15, A16: failures of the connection", () => {
    for (const provider of FAULT_PROVIDERS) {
      harness.test(`${provider.name}: a refused connection is a ConnectionError, retried (A15)`, async () => {
        const closed = await closedPortUrl();
        const base = provider.name === "openai" ? `${closed}/v1` : closed;
        const { client } = await harness.open({
          chain: [provider.name],
          plugins: [fastRetry({ maxRetries: MAX_RETRIES })],
          instances: { [provider.name]: { baseURL: base } },
        });
        const error = await harness.failure(client.generateResponse(PROMPT));
        expect(error.name).to.equal("ConnectionError");
        expect(traceOf(error.attempts)).to.have.length(1 + MAX_RETRIES);
      });

      harness.test(
        `${provider.name}: a reset after the request was read is a ConnectionError, retried (A16)`,
        async () => {
          const { client } = await harness.open({
            chain: [provider.name],
            plugins: [fastRetry({ maxRetries: MAX_RETRIES })],
          });
          const server = harness.servers[provider.name];
          server.enqueue({ kind: "reset" }, provider.text("after the reset"));
          const output = await client.generateResponse(PROMPT);
          expect(output.content).to.equal("after the reset");
          expect(traceOf(output.attempts)).to.deep.equal([
            `${provider.name}:connection->retry`,
            `${provider.name}:ok`,
          ]);
          expect(server.requests).to.have.length(2);
        },
      );
    }
  });
});

/** A URL on 127.0.0.1 where nothing listens: a port just released. */
async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== "object" || address === null) throw new Error("no port");
  return `http://127.0.0.1:${address.port}`;
}
