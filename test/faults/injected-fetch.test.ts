/**
 * `createRuntime({ fetch })`: the one fetch every provider SDK of the runtime uses, always under
 * the runtime's guard. Tests and benchmarks inject it instead of patching globalThis.fetch.
 */
import { expect } from "chai";
import { openAIChatCompletion } from "../../src/testing/index.js";
import { buildFaultConfig } from "./support/build-fault-config.js";
import { PROMPT, useFaultHarness } from "./support/fault-harness.js";
import { FAULT_PROVIDERS } from "./support/fault-providers.js";

/** A fetch that records each URL it is asked for, then lets the real one answer. */
function recordingFetch() {
  const urls: string[] = [];
  const fetchImplementation: typeof fetch = (input, init) => {
    urls.push(input instanceof Request ? input.url : String(input));
    return globalThis.fetch(input, init);
  };
  return { urls, fetch: fetchImplementation };
}

/** A config whose one provider is OpenAI at an address no request may ever reach. */
function cannedOpenAIConfig(apiKey: string) {
  return {
    plugins: ["openai"],
    providers: { openai: { type: "openai", apiKey, baseURL: "http://canned.invalid/v1" } },
    clients: { default: { provider: "openai", model: "gpt-4o" } },
  };
}

describe("faults: the fetch given to createRuntime", function () {
  this.timeout(20_000);
  const harness = useFaultHarness();

  for (const provider of FAULT_PROVIDERS) {
    harness.test(`${provider.name}: the SDK sends every call, streamed or not, through it`, async () => {
      const recorder = recordingFetch();
      const runtime = await harness.createRuntime({
        config: buildFaultConfig({ chain: [provider.name] }, harness),
        fetch: recorder.fetch,
      });
      const server = harness.servers[provider.name];
      server.enqueue(provider.text("plain"), provider.streamText(["stre", "amed"]));
      const client = runtime.client();
      expect((await client.generateResponse(PROMPT)).content).to.equal("plain");
      const { error } = await harness.stream(client.streamResponse(PROMPT));
      expect(error).to.equal(undefined);
      expect(recorder.urls).to.have.length(2);
      for (const url of recorder.urls) expect(url.startsWith(server.url), url).to.equal(true);
    });
  }

  harness.test("a canned fetch answers without any server or patched global", async () => {
    const body = JSON.stringify(openAIChatCompletion({ content: "canned answer" }));
    const runtime = await harness.createRuntime({
      config: cannedOpenAIConfig(harness.canaries.openai),
      fetch: async () => new Response(body, { headers: { "content-type": "application/json" } }),
    });
    expect((await runtime.client().generateResponse(PROMPT)).content).to.equal("canned answer");
  });

  harness.test(
    "the guard wraps an injected fetch too: its redirect is refused, its huge body capped",
    async () => {
      const answers = [
        new Response(null, {
          status: 307,
          headers: { location: "http://elsewhere.invalid/v1/chat/completions" },
        }),
        new Response("x".repeat(2 * 1024 * 1024), { headers: { "content-type": "application/json" } }),
      ];
      const runtime = await harness.createRuntime({
        config: cannedOpenAIConfig(harness.canaries.openai),
        fetch: async () => answers.shift() ?? new Response(null, { status: 500 }),
        maxResponseBytes: 1024 * 1024,
      });
      const client = runtime.client();
      const redirected = await harness.failure(client.generateResponse(PROMPT));
      expect(redirected.providerCode).to.equal("redirect_refused");
      const huge = await harness.failure(client.generateResponse(PROMPT));
      expect(huge.code).to.equal("response_too_large");
    },
  );

  harness.test(
    "a fetch that is not a function, or a cap that is not a positive integer, is a ConfigError",
    async () => {
      const config = cannedOpenAIConfig(harness.canaries.openai);
      for (const options of [
        { fetch: "http://proxy" },
        { maxResponseBytes: Number.NaN },
        { maxEventBytes: -1 },
      ]) {
        const error = await harness.createRuntime({ config, ...(options as object) }).then(
          () => undefined,
          (thrown: unknown) => thrown,
        );
        expect(error, JSON.stringify(options)).to.have.property("code", "config");
      }
    },
  );
});
