/**
 * A primary that accepts the connection and never answers must not eat the request's deadline:
 * with no timeout key anywhere in the config, the default per-attempt limit (the attempt's share
 * of the time left) moves the request to its healthy fallback well before the deadline.
 */
import { expect } from "chai";
import { streamedText } from "../../src/testing/conformance/stream-case-helpers.js";
import { PROMPT, useFaultHarness } from "./support/fault-harness.js";
import { faultProvider, type ProviderName } from "./support/fault-providers.js";

const DEADLINE_MS = 20_000;

describe("faults: a hung primary with a healthy fallback", function () {
  this.timeout(40_000);
  const harness = useFaultHarness();

  async function openChain(primary: ProviderName, fallback: ProviderName) {
    // No timeoutMs on any provider instance: only the client's deadline.
    const { client } = await harness.open({
      chain: [primary, fallback],
      plugins: ["retry", "fallback"],
      timeoutMs: DEADLINE_MS,
    });
    return client;
  }

  harness.test("answers from the fallback well before the 20 s deadline, streaming and not", async () => {
    const [generating, streaming, silent] = await Promise.all([
      openChain("openai", "anthropic"),
      openChain("google", "openai"),
      openChain("anthropic", "google"),
    ]);
    const { servers } = harness;
    // openai and google never answer; anthropic answers 200 and then sends no event.
    servers.openai.enqueue({ kind: "hang" }, faultProvider("openai").streamText(["from ", "openai"]));
    servers.google.enqueue({ kind: "hang" }, faultProvider("google").streamText(["from ", "google"]));
    const anthropicReply = (request: { body: unknown }) =>
      (request.body as { stream?: boolean }).stream
        ? { ...faultProvider("anthropic").streamText(["never"]), hangAfterEvents: 0 }
        : faultProvider("anthropic").text("from anthropic");
    servers.anthropic.enqueue(anthropicReply, anthropicReply);

    const started = performance.now();
    const elapsed = () => performance.now() - started;
    const [output, fromOpenAI, fromGoogle] = await Promise.all([
      generating.generateResponse(PROMPT).then((result) => ({ result, at: elapsed() })),
      harness.stream(streaming.streamResponse(PROMPT)).then((result) => ({ result, at: elapsed() })),
      harness.stream(silent.streamResponse(PROMPT)).then((result) => ({ result, at: elapsed() })),
    ]);

    expect(output.result.content).to.equal("from anthropic");
    expect(fromOpenAI.result.error).to.equal(undefined);
    expect(streamedText(fromOpenAI.result.events)).to.equal("from openai");
    expect(fromGoogle.result.error).to.equal(undefined);
    expect(streamedText(fromGoogle.result.events)).to.equal("from google");
    for (const { at } of [output, fromOpenAI, fromGoogle]) expect(at).to.be.below(DEADLINE_MS * 0.75);

    const [first] = output.result.attempts ?? [];
    expect(first).to.include({ errorCode: "timeout", decision: "fallback" });
    // Not retried: the silent primary would have spent the fallback's share.
    expect(output.result.attempts).to.have.length(2);
  });

  harness.test(
    "an instance with its own timeoutMs, and a chain's last target, get no default share",
    async () => {
      const { client } = await harness.open({
        chain: ["openai", "anthropic"],
        plugins: ["fallback"],
        timeoutMs: 2_000,
        instances: { openai: { timeoutMs: 60_000 } },
      });
      harness.servers.openai.enqueue({ kind: "hang" });
      const configured = await harness.failure(client.generateResponse(PROMPT));
      expect(configured).to.include({ name: "TimeoutError", phase: "total" });
      expect(harness.servers.anthropic.requests).to.have.length(0);

      const { client: alone } = await harness.open({ chain: ["google"], timeoutMs: 1_500 });
      harness.servers.google.enqueue({ kind: "hang" });
      const last = await harness.failure(alone.generateResponse(PROMPT));
      expect(last).to.include({ name: "TimeoutError", phase: "total" });
    },
  );
});
