// Faults K3 and I9 of docs/reliability.md at system level: a tap that never settles, and taps that mutate what they
// are handed instead of returning new values.
import { expect } from "chai";
import { PROMPT, useFaultHarness } from "./support/fault-harness.js";
import { OPENAI } from "./support/fault-providers.js";
import { faultFixture } from "./support/fixture-path.js";
import { settle } from "./support/settle.js";

describe("kernel bounds on misbehaving taps (K3, I9)", function () {
  this.timeout(20_000);
  const harness = useFaultHarness();

  for (const hook of ["beforeRequest", "afterResponse", "onError"]) {
    harness.test(`K3 a tap on ${hook} that never settles ends by the request's deadline`, async () => {
      const { client } = await harness.open({
        chain: ["openai"],
        timeoutMs: 300,
        plugins: [{ use: faultFixture("never-settling-tap-plugin.mjs"), options: { hook } }],
      });
      harness.servers.openai.setDefaultReply(
        hook === "onError" ? OPENAI.errorReply({ status: 503 }) : OPENAI.text("ok"),
      );
      const started = Date.now();
      const outcome = await Promise.race([
        settle(harness, client.generateResponse(PROMPT)),
        new Promise<"hang">((resolve) => setTimeout(() => resolve("hang"), 2000)),
      ]);
      expect(outcome, "settled within the deadline").to.not.equal("hang");
      expect((outcome as { error?: unknown }).error).to.include({ name: "TimeoutError", phase: "total" });
      expect(Date.now() - started).to.be.lessThan(1500);
    });
  }

  harness.test("I9 a tap mutating context.chain does not change the next request's target", async () => {
    const { client } = await harness.open({
      chain: ["openai"],
      plugins: [{ use: faultFixture("mutating-plugin.mjs"), options: { mutations: ["chain"] } }],
    });
    harness.servers.openai.setDefaultReply(OPENAI.text("ok"));
    await client.generateResponse(PROMPT).catch(() => undefined);
    await client.generateResponse(PROMPT).catch(() => undefined);
    const models = harness.servers.openai.requests.map(
      (request) => (request.body as { model: string }).model,
    );
    expect(models.every((model) => model === "gpt-4o")).to.equal(true);
  });

  harness.test("I9 a tap editing request.messages in place leaves the caller's array as it was", async () => {
    const { client } = await harness.open({
      chain: ["openai"],
      plugins: [
        { use: faultFixture("mutating-plugin.mjs"), options: { mutations: ["pushMessage", "editMessage"] } },
      ],
    });
    harness.servers.openai.setDefaultReply(OPENAI.text("ok"));
    const messages = [{ role: "user" as const, content: "original" }];
    await client.generateResponse(messages);
    expect(messages).to.deep.equal([{ role: "user", content: "original" }]);
  });
});
