/**
 * Secrets echoed back where a scrubber has to look for them: in a response header, deep in an
 * error body, as a short key, in an error raised while loading plugins. The harness scans every
 * error (message, stack, causes, JSON and util.inspect form, which is what console.error prints),
 * every log line and dump for the keys after each test.
 */
import { inspect } from "node:util";
import { expect } from "chai";
import { PROMPT, useFaultHarness } from "./support/fault-harness.js";
import { FAULT_PROVIDERS } from "./support/fault-providers.js";
import { faultFixture } from "./support/fixture-path.js";

/** Every text console.error(error) and JSON.stringify(error.cause) would print, causes included. */
function printedForms(error: unknown): string[] {
  const texts = [inspect(error, { depth: 20 })];
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current instanceof Error; depth++) {
    texts.push(JSON.stringify(current), inspect(current.cause, { depth: 20 }));
    try {
      texts.push(JSON.stringify(current.cause) ?? "");
    } catch {
      // A cause that cannot be serialised prints nothing this way.
    }
    current = current.cause;
  }
  return texts;
}

describe("faults: secrets echoed back to the runtime", function () {
  this.timeout(20_000);
  const harness = useFaultHarness();

  for (const provider of FAULT_PROVIDERS.filter((each) => each.readsHeaders)) {
    harness.test(
      `${provider.name}: a key echoed in a response header leaks through no printed form`,
      async () => {
        const { client } = await harness.open({ chain: [provider.name] });
        const key = harness.canaries[provider.name];
        harness.servers[provider.name].setDefaultReply(
          provider.errorReply({
            status: 400,
            message: "bad request",
            headers: { "x-echo-key": key, "x-echo-auth": `Bearer ${key}` },
          }),
        );
        const error = await harness.failure(client.generateResponse(PROMPT));
        for (const text of printedForms(error)) expect(text).to.not.include(key.slice(-12));
      },
    );
  }

  harness.test("openai: a key deep in an error body's fields leaks through no printed form", async () => {
    const { client } = await harness.open({ chain: ["openai"] });
    const key = harness.canaries.openai;
    let nested: Record<string, unknown> = { key };
    for (let depth = 0; depth < 12; depth++) nested = { [`level${depth}`]: nested };
    harness.servers.openai.setDefaultReply({
      kind: "json",
      status: 400,
      body: { error: { message: "bad request", type: "invalid_request_error", context: nested } },
    });
    const error = await harness.failure(client.generateResponse(PROMPT));
    for (const text of printedForms(error)) expect(text).to.not.include(key.slice(-12));
  });

  for (const provider of FAULT_PROVIDERS) {
    harness.test(`${provider.name}: a short key (6 characters) echoed in an error is scrubbed`, async () => {
      const shortKey = harness.addSecret("Zq7xW2");
      const { client } = await harness.open({
        chain: [provider.name],
        instances: { [provider.name]: { apiKey: shortKey } },
      });
      harness.servers[provider.name].setDefaultReply(
        provider.errorReply({ status: 400, message: `Incorrect API key provided: ${shortKey}.` }),
      );
      const error = await harness.failure(client.generateResponse(PROMPT));
      for (const text of printedForms(error)) expect(text).to.not.include(shortKey);
    });
  }

  harness.test("an error raised while loading plugins carries no key, at any depth", async () => {
    const key = harness.canaries.openai;
    const error = await harness.failure(
      harness.createRuntime({
        env: { LEAKED_KEY: key },
        config: {
          plugins: [
            "openai",
            { use: faultFixture("setup-echo-plugin.mjs"), options: { echo: "${LEAKED_KEY}" } },
          ],
          providers: {
            openai: { type: "openai", apiKey: "${LEAKED_KEY}", baseURL: "http://127.0.0.1:9/v1" },
          },
          clients: { default: { provider: "openai", model: "gpt-4o" } },
        },
      }),
    );
    expect(error.code).to.equal("plugin");
    for (const text of printedForms(error)) expect(text).to.not.include(key.slice(-12));
  });
});
