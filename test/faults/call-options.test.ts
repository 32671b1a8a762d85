/**
 * Hostile per-call options (the fourth argument of generateResponse and streamResponse), through
 * createRuntime against the fake servers: each bad value is an InvalidRequestError before any
 * request, and no call can disable the deadlines of the other requests of the process.
 */
import { getEventListeners } from "node:events";
import { expect } from "chai";
import type { CallOptions } from "../../src/index.js";
import { PROMPT, useFaultHarness } from "./support/fault-harness.js";

const BAD_OPTIONS: Array<[string, unknown]> = [
  ["timeoutMs NaN (Number of an unset variable)", { timeoutMs: Number(undefined) }],
  ["timeoutMs as a string", { timeoutMs: "5000" }],
  ["a negative timeoutMs", { timeoutMs: -1 }],
  ["timeoutMs 0", { timeoutMs: 0 }],
  ["timeoutMs Infinity", { timeoutMs: Number.POSITIVE_INFINITY }],
  ["timeoutMs past the longest timer", { timeoutMs: 2 ** 31 }],
  ["timeoutMs as an object", { timeoutMs: { valueOf: () => 100 } }],
  ["idleTimeoutMs NaN", { idleTimeoutMs: Number.NaN }],
  ["a signal that is not an AbortSignal", { signal: {} }],
  ["an unknown option key (a typo)", { timeout: 5000 }],
  ["params that are not an object", { params: "temperature=0" }],
  ["providerParams whose entry is not an object", { providerParams: { anthropic: 5 } }],
  ["options that are not an object", 5000],
];

describe("faults: per-call options", function () {
  this.timeout(20_000);
  const harness = useFaultHarness();

  for (const [title, options] of BAD_OPTIONS) {
    harness.test(`${title} is an InvalidRequestError before any request, in both calls`, async () => {
      const { client } = await harness.open({ chain: ["openai"] });
      const server = harness.servers.openai;
      server.setDefaultReply({ kind: "hang" });
      const error = await harness.failure(
        client.generateResponse(PROMPT, undefined, undefined, options as CallOptions),
      );
      expect(error).to.include({ name: "InvalidRequestError", code: "invalid_request", retryable: false });
      const streamed = await harness.stream(
        client.streamResponse(PROMPT, undefined, undefined, options as CallOptions),
      );
      expect(streamed.error).to.include({ name: "InvalidRequestError" });
      expect(server.requests).to.have.length(0);
    });
  }

  harness.test("a NaN deadline cannot stop the other requests' deadlines from firing", async () => {
    const { client } = await harness.open({ chain: ["openai"] });
    harness.servers.openai.setDefaultReply({ kind: "hang" });
    const bad = client
      .generateResponse(PROMPT, undefined, undefined, { timeoutMs: Number.NaN })
      .catch((e) => e);
    const startedAt = performance.now();
    const error = await harness.failure(
      client.generateResponse(PROMPT, undefined, undefined, { timeoutMs: 300 }),
    );
    expect(error).to.include({ name: "TimeoutError", phase: "total" });
    expect(performance.now() - startedAt).to.be.below(1500);
    harness.track(await bad);
  });

  harness.test(
    "many concurrent requests sharing one caller signal add one listener to it, no warning",
    async () => {
      const { client } = await harness.open({ chain: ["openai"] });
      const server = harness.servers.openai;
      server.setDefaultReply({ kind: "hang" });
      const warnings: Error[] = [];
      const onWarning = (warning: Error) => warnings.push(warning);
      process.on("warning", onWarning);
      try {
        const controller = new AbortController();
        const calls = Array.from({ length: 25 }, () =>
          client
            .generateResponse(PROMPT, undefined, undefined, { signal: controller.signal })
            .catch((e) => e),
        );
        while (server.requests.length < 25) await new Promise((resolve) => setTimeout(resolve, 10));
        expect(getEventListeners(controller.signal, "abort")).to.have.length(1);
        controller.abort();
        const errors = await Promise.all(calls);
        for (const error of errors) {
          harness.track(error);
          expect(error).to.include({ name: "AbortError" });
        }
        expect(getEventListeners(controller.signal, "abort")).to.have.length(0);
        await new Promise((resolve) => setImmediate(resolve));
        expect(warnings.map((warning) => warning.name)).to.not.include("MaxListenersExceededWarning");
      } finally {
        process.off("warning", onWarning);
      }
    },
  );

  harness.test("a request ending early takes its share of the caller signal's listener with it", async () => {
    const { client } = await harness.open({ chain: ["openai"] });
    harness.servers.openai.setDefaultReply({ kind: "hang" });
    const controller = new AbortController();
    const error = await harness.failure(
      client.generateResponse(PROMPT, undefined, undefined, { signal: controller.signal, timeoutMs: 100 }),
    );
    expect(error).to.include({ name: "TimeoutError" });
    expect(getEventListeners(controller.signal, "abort")).to.have.length(0);
  });
});
