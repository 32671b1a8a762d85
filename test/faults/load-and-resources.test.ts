/**
 * Fault class L of docs/reliability.md: resources after many requests with mixed faults, through createRuntime
 * against the fake servers. The row's million requests is scaled to 300 per provider to keep the
 * suite under two minutes; what it checks does not grow with the count: listeners on the callers'
 * signals, referenced timers and open handles back at their baseline once the runtime and the
 * servers are closed. The heap is not measured (no --expose-gc in the test command). L1 (the
 * health plugin's bulkhead) is in health.test.ts.
 */
import { getEventListeners } from "node:events";
import { expect } from "chai";
import type { FakeReply } from "../../src/testing/index.js";
import { fastRetry, useFaultHarness } from "./support/fault-harness.js";
import { FAULT_PROVIDERS, type FaultProvider } from "./support/fault-providers.js";

const REQUESTS = 300;
const CONCURRENCY = 20;

/** Referenced timers and open handles, read from a setImmediate callback (see timeouts-and-cancellation). */
async function resources(): Promise<{ timers: number; handles: number }> {
  await new Promise((resolve) => setImmediate(resolve));
  const active = process.getActiveResourcesInfo();
  return { timers: active.filter((name) => name === "Timeout").length, handles: active.length };
}

/** Resources once closed sockets have had time to go (polled up to 2 s, never from a timer callback). */
async function settledResources(baseline: { timers: number; handles: number }) {
  const deadline = Date.now() + 2000;
  for (;;) {
    const now = await resources();
    if ((now.timers <= baseline.timers && now.handles <= baseline.handles) || Date.now() > deadline)
      return now;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The fault for request `index`: success, a retried 503, a reset, a hang cut by the attempt timeout, an abort. */
function faultFor(provider: FaultProvider, index: number): { replies: FakeReply[]; abort: boolean } {
  switch (index % 6) {
    case 1:
      return {
        replies: [provider.errorReply({ status: 503 }), provider.text("after a retry")],
        abort: false,
      };
    case 2:
      return { replies: [{ kind: "reset" }, { kind: "reset" }], abort: false };
    case 3:
      return { replies: [{ kind: "hang" }, { kind: "hang" }], abort: false };
    case 4:
      return { replies: [{ kind: "hang" }], abort: true };
    case 5:
      return { replies: [provider.streamText(["a ", "stream"])], abort: false };
    default:
      return { replies: [provider.text("plain success")], abort: false };
  }
}

describe("faults L: load and resources", function () {
  this.timeout(60_000);
  const harness = useFaultHarness();

  for (const provider of FAULT_PROVIDERS) {
    harness.test(
      `L2 ${provider.name}: ${REQUESTS} requests with mixed faults leave listeners, timers and handles at baseline`,
      async () => {
        const before = await resources();
        const { runtime, client } = await harness.open({
          chain: [provider.name],
          plugins: [fastRetry({ maxRetries: 1, initialDelayMs: 1 })],
          instances: { [provider.name]: { timeoutMs: 100 } },
        });
        const server = harness.servers[provider.name];
        const signals: AbortSignal[] = [];
        const outcomes = new Map<string, number>();
        const run = async (index: number) => {
          const { replies, abort } = faultFor(provider, index);
          const controller = new AbortController();
          signals.push(controller.signal);
          const options = { signal: controller.signal };
          // Each request is sent with its own reply queue: the server answers by the prompt's marker.
          const prompt = [{ role: "user" as const, content: `request ${index}` }];
          queued.set(`request ${index}`, replies);
          if (abort) setTimeout(() => controller.abort(new Error("caller gave up")), 20);
          let outcome: string;
          if (index % 6 === 5) {
            const { error } = await harness.stream(
              client.streamResponse(prompt, undefined, undefined, options),
            );
            outcome = error?.name ?? "streamed";
          } else {
            outcome = await client.generateResponse(prompt, undefined, undefined, options).then(
              () => "answered",
              (error: unknown) => {
                harness.track(error);
                return (error as Error).name;
              },
            );
          }
          outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
        };
        const queued = new Map<string, FakeReply[]>();
        server.setDefaultReply(provider.text("unexpected"));
        for (let index = 0; index < 4 * REQUESTS; index++) {
          server.enqueue((request) => {
            const marker =
              provider.adapter.readWire(request).texts.find((text) => text.startsWith("request ")) ?? "";
            return queued.get(marker)?.shift() ?? provider.text("unexpected");
          });
        }
        for (let start = 0; start < REQUESTS; start += CONCURRENCY) {
          await Promise.all(
            Array.from({ length: Math.min(CONCURRENCY, REQUESTS - start) }, (_, offset) =>
              run(start + offset),
            ),
          );
        }
        // Under load an answer can outlast the 100 ms attempt timeout, so counts vary (and a 503 whose
        // retry timed out ends as the 503): every outcome is one of these, and each fault was met.
        const kinds = [...outcomes.keys()];
        const expected = ["answered", "streamed", "ConnectionError", "TimeoutError", "AbortError"];
        expect([...expected, "ProviderUnavailableError"]).to.include.members(kinds);
        expect(kinds).to.include.members(expected);
        for (const signal of signals) expect(getEventListeners(signal, "abort")).to.have.length(0);
        await runtime.close();
        await server.close();
        const after = await settledResources(before);
        expect(after.timers, "referenced timers").to.be.at.most(before.timers);
        expect(after.handles, "open handles").to.be.at.most(before.handles);
      },
    );
  }
});
