/**
 * Fault class K of docs/reliability.md: hook taps that throw, reject with non-errors or return the wrong
 * shape, through createRuntime against the fake servers, for each provider. The taps come from
 * test/kernel/fixtures/faulty-plugin.mjs. K3 (a tap that never settles) and K6 (a bail hook that
 * answers from a cache) are listed in NOT-COVERED.md and the fault suite's report.
 */
import { fileURLToPath } from "node:url";
import { expect } from "chai";
import { fallback, fastRetry, PROMPT, useFaultHarness } from "./support/fault-harness.js";
import { FAULT_PROVIDERS } from "./support/fault-providers.js";

const FAULTY = fileURLToPath(new URL("../kernel/fixtures/faulty-plugin.mjs", import.meta.url));
const faulty = (hook: string, fault: string) => ({ use: FAULTY, options: { hook, fault } });

type HookFailure = { name: string; code: string; hook: string; plugin: string; cause?: unknown };

describe("faults K: hooks", function () {
  this.timeout(20_000);
  const harness = useFaultHarness();

  for (const provider of FAULT_PROVIDERS) {
    const secondary = FAULT_PROVIDERS[(FAULT_PROVIDERS.indexOf(provider) + 1) % FAULT_PROVIDERS.length];
    describe(provider.name, () => {
      const beforeRequestFaults: Array<[string, string]> = [
        ["K1", "throw"],
        ["K2", "reject-undefined"],
        ["K2", "reject-zero"],
      ];
      for (const [id, fault] of beforeRequestFaults) {
        harness.test(
          `${id} a beforeRequest tap that does "${fault}" stops the request as a HookError, nothing sent, nothing retried`,
          async () => {
            const { client } = await harness.open({
              chain: [provider.name, secondary.name],
              plugins: [fastRetry(), fallback(), faulty("beforeRequest", fault)],
            });
            const error = (await harness.failure(client.generateResponse(PROMPT))) as unknown as HookFailure;
            expect(error).to.include({
              name: "HookError",
              code: "hook",
              hook: "beforeRequest",
              plugin: "faulty",
            });
            expect(harness.servers[provider.name].requests).to.have.length(0);
            expect(harness.servers[secondary.name].requests).to.have.length(0);
          },
        );
      }

      harness.test(
        "K4 an onError tap that throws keeps the provider's error as the cause and does not recurse",
        async () => {
          const { client } = await harness.open({
            chain: [provider.name],
            plugins: [faulty("onError", "throw")],
          });
          harness.servers[provider.name].setDefaultReply(provider.errorReply({ status: 503 }));
          const error = (await harness.failure(client.generateResponse(PROMPT))) as unknown as HookFailure;
          expect(error).to.include({ name: "HookError", hook: "onError", plugin: "faulty" });
          expect((error.cause as { name?: string; status?: number }) ?? {}).to.include({
            name: "ProviderUnavailableError",
            status: 503,
          });
          expect(harness.servers[provider.name].requests).to.have.length(1);
        },
      );

      harness.test(
        "K5 an afterResponse tap returning the wrong shape is a HookError naming the plugin",
        async () => {
          const { client } = await harness.open({
            chain: [provider.name],
            plugins: [faulty("afterResponse", "wrong-shape")],
          });
          harness.servers[provider.name].enqueue(provider.text("fine"));
          const error = (await harness.failure(client.generateResponse(PROMPT))) as unknown as HookFailure;
          expect(error).to.include({ name: "HookError", hook: "afterResponse", plugin: "faulty" });
          expect(harness.servers[provider.name].requests).to.have.length(1);
        },
      );
    });
  }
});
