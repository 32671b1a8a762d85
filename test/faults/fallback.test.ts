/**
 * Fault class E of docs/reliability.md: fallback across providers, through createRuntime against the fake
 * servers. A chain that fails entirely throws the most informative attempt's error, carrying
 * every attempt's error in `errors` (E2); the chain is the client's `fallbacks`, with context-length
 * errors in the fallback plugin's default `fallbackOn` (E3: no separate contextWindowFallbacks);
 * SafetyBlockedError is ContentFilterError for a blocked prompt, and a finishReason of
 * `content_filter` for a refused answer (E4). E5 is in classification.test.ts (A2); breakers and
 * cooldowns (E6 to E9) are in health.test.ts; feature checks (E10) are listed in NOT-COVERED.md.
 */
import { expect } from "chai";
import {
  anthropicJsonReply,
  anthropicMessage,
  googleBlockedPromptResponse,
  googleJsonReply,
  openAIChatCompletion,
  openAIJsonReply,
} from "../../src/testing/index.js";
import { fallback, fastRetry, PROMPT, useFaultHarness } from "./support/fault-harness.js";
import { ANTHROPIC, FAULT_PROVIDERS, type FaultProvider, GOOGLE, OPENAI } from "./support/fault-providers.js";
import { faultFixture } from "./support/fixture-path.js";
import { traceOf } from "./support/settle.js";

const nextOf = (provider: FaultProvider) =>
  FAULT_PROVIDERS[(FAULT_PROVIDERS.indexOf(provider) + 1) % FAULT_PROVIDERS.length];

const OBSERVER = { use: faultFixture("hook-observer-plugin.mjs") };

describe("faults E: fallback", function () {
  this.timeout(20_000);
  const harness = useFaultHarness();

  /** What the observer plugin logged, as `hook provider`. */
  const hooksSeen = () =>
    harness.logLines
      .filter((line) => line.includes('"hook-observer"'))
      .map((line) => JSON.parse(line) as { hook: string; provider: string })
      .map(({ hook, provider }) => `${hook} ${provider}`);

  for (const provider of FAULT_PROVIDERS) {
    const secondary = nextOf(provider);
    describe(`${provider.name} falling back to ${secondary.name}`, () => {
      harness.test(
        "E1 after the primary's retries of a 503, the secondary answers; the output and the hooks show both",
        async () => {
          const { client } = await harness.open({
            chain: [provider.name, secondary.name],
            plugins: [fastRetry({ maxRetries: 1 }), fallback(), OBSERVER],
          });
          harness.servers[provider.name].setDefaultReply(provider.errorReply({ status: 503 }));
          harness.servers[secondary.name].enqueue(secondary.text("the secondary answered"));
          const output = await client.generateResponse(PROMPT);
          expect(output).to.include({ content: "the secondary answered", provider: secondary.name });
          expect(traceOf(output.attempts)).to.deep.equal([
            `${provider.name}:provider_unavailable->retry`,
            `${provider.name}:provider_unavailable->fallback`,
            `${secondary.name}:ok`,
          ]);
          expect(hooksSeen()).to.deep.equal([
            `beforeRequest ${provider.name}`,
            `onError ${provider.name}`,
            `beforeRequest ${provider.name}`,
            `onError ${provider.name}`,
            `beforeRequest ${secondary.name}`,
            `afterResponse ${secondary.name}`,
          ]);
        },
      );

      harness.test("E1 a stream whose primary fails before any byte is served by the secondary", async () => {
        const { client } = await harness.open({
          chain: [provider.name, secondary.name],
          plugins: [fastRetry({ maxRetries: 1 }), fallback()],
        });
        harness.servers[provider.name].setDefaultReply(provider.errorReply({ status: 503 }));
        harness.servers[secondary.name].enqueue(secondary.streamText(["from ", "the secondary"]));
        const { events, error } = await harness.stream(client.streamResponse(PROMPT));
        expect(error).to.equal(undefined);
        const finish = events.at(-1);
        expect(finish?.type).to.equal("finish");
        if (finish?.type !== "finish") return;
        expect(finish.output).to.include({ content: "from the secondary", provider: secondary.name });
        expect(finish.output.attempts).to.have.length(3);
      });

      harness.test(
        "E3 a context-length error falls back at once and the same model is never retried",
        async () => {
          const { client } = await harness.open({
            chain: [provider.name, secondary.name],
            plugins: [fastRetry({ maxRetries: 5 }), fallback()],
          });
          const tooLong = provider.adapter.errorCase("context_length", "unused");
          harness.servers[provider.name].setDefaultReply(tooLong?.reply ?? expect.fail("no context error"));
          harness.servers[secondary.name].enqueue(secondary.text("a larger window"));
          const output = await client.generateResponse(PROMPT);
          expect(traceOf(output.attempts)).to.deep.equal([
            `${provider.name}:context_length->fallback`,
            `${secondary.name}:ok`,
          ]);
          expect(harness.servers[provider.name].requests).to.have.length(1);
        },
      );
    });
  }

  harness.test(
    "E2 all three providers failing give one typed error holding every attempt's typed error",
    async () => {
      const { client } = await harness.open({
        chain: ["openai", "anthropic", "google"],
        plugins: [fallback()],
      });
      harness.servers.openai.setDefaultReply(OPENAI.errorReply({ status: 503 }));
      harness.servers.anthropic.setDefaultReply(ANTHROPIC.errorReply({ status: 429 }));
      harness.servers.google.setDefaultReply(GOOGLE.errorReply({ status: 500 }));
      const error = await harness.failure(client.generateResponse(PROMPT));
      expect(error.errors.map((each) => `${each.provider} ${each.name} ${each.status}`)).to.deep.equal([
        "openai ProviderUnavailableError 503",
        "anthropic RateLimitError 429",
        "google ProviderUnavailableError 500",
      ]);
      expect(error.name, "the most informative of them is thrown").to.equal("RateLimitError");
      expect(traceOf(error.attempts)).to.deep.equal([
        "openai:provider_unavailable->fallback",
        "anthropic:rate_limit->fallback",
        "google:provider_unavailable->fail",
      ]);
      expect(error.message).to.include("3 attempts");
    },
  );

  describe("E4: safety blocks", () => {
    harness.test(
      "google: a blocked prompt is ContentFilterError and does not fall back by default",
      async () => {
        const { client } = await harness.open({ chain: ["google", "openai"], plugins: [fallback()] });
        harness.servers.google.enqueue(googleJsonReply(googleBlockedPromptResponse("SAFETY")));
        const error = await harness.failure(client.generateResponse(PROMPT));
        expect(error).to.include({ name: "ContentFilterError", providerCode: "SAFETY" });
        expect(harness.servers.openai.requests).to.have.length(0);
      },
    );

    harness.test("google: a blocked prompt falls back when fallbackOn lists content_filter", async () => {
      const { client } = await harness.open({
        chain: ["google", "openai"],
        plugins: [fallback(["content_filter"])],
      });
      harness.servers.google.enqueue(googleJsonReply(googleBlockedPromptResponse("SAFETY")));
      harness.servers.openai.enqueue(OPENAI.text("another policy"));
      const output = await client.generateResponse(PROMPT);
      expect(traceOf(output.attempts)).to.deep.equal(["google:content_filter->fallback", "openai:ok"]);
    });

    const refusals = [
      {
        provider: OPENAI,
        reply: () =>
          openAIJsonReply(
            openAIChatCompletion({
              content: null,
              refusal: "I can't help with that.",
              finishReason: "content_filter",
            }),
          ),
      },
      {
        provider: ANTHROPIC,
        reply: () =>
          anthropicJsonReply(anthropicMessage({ text: "I can't help with that.", stopReason: "refusal" })),
      },
    ];
    for (const { provider, reply } of refusals) {
      harness.test(
        `${provider.name}: a refused answer is an output finished by content_filter, never a fallback`,
        async () => {
          const secondary = nextOf(provider);
          const { client } = await harness.open({
            chain: [provider.name, secondary.name],
            plugins: [fallback(["content_filter"])],
          });
          harness.servers[provider.name].enqueue(reply());
          const output = await client.generateResponse(PROMPT);
          expect(output.finishReason).to.equal("content_filter");
          expect(output.refusal).to.be.a("string").and.not.equal("");
          expect(harness.servers[secondary.name].requests).to.have.length(0);
        },
      );
    }
  });
});
