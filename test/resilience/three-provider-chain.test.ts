import { expect } from "chai";
import { type AttemptRecord, createRuntime, type Runtime } from "../../src/index.js";
import { describeErrorForLeakCheck, findSecretLeaks, openAIErrorReply } from "../../src/testing/index.js";
import {
  anthropicErrorReply,
  anthropicJsonReply,
  anthropicMessage,
} from "../../src/testing/protocols/anthropic-protocol.js";
import { GOOGLE_ERRORS } from "../../src/testing/protocols/google-error-replies.js";
import {
  googleGenerateContentResponse,
  googleJsonReply,
} from "../../src/testing/protocols/google-protocol.js";
import {
  type ProviderFakeServers,
  startProviderFakeServers,
} from "../../src/testing/start-provider-fake-servers.js";
import { captureLogger, userMessage } from "../kernel/runtime-fixture.js";
import { expectError, rejection } from "./expect-failure.js";

const CANARIES = {
  openai: "sk-canary-Zp3Lk8Vw1Qs6Nd4Hx9Tc",
  google: "AIzaCanary-Bm7Rf2Yj5Ku9Ge3Wq6Pa",
  anthropic: "sk-ant-canary-Cv4Xn8Js2Ld7Ht5Fz1",
};
const fromEnvironment = (name: string) => `\${${name}}`;

type Servers = ProviderFakeServers;

/** Client `default`: openai -> gemini -> anthropic; client `gemini`: gemini -> anthropic. */
async function openRuntime(servers: Servers) {
  const { logger, lines } = captureLogger();
  const runtime = await createRuntime({
    config: {
      plugins: [
        "openai",
        "google",
        "anthropic",
        { use: "retry", options: { initialDelayMs: 10, jitter: 0 } },
        "fallback",
      ],
      providers: {
        openai: {
          type: "openai",
          apiKey: fromEnvironment("OPENAI_API_KEY"),
          baseURL: `${servers.openai.url}/v1`,
        },
        gemini: { type: "google", apiKey: fromEnvironment("GEMINI_API_KEY"), baseURL: servers.google.url },
        anthropic: {
          type: "anthropic",
          apiKey: fromEnvironment("ANTHROPIC_API_KEY"),
          baseURL: servers.anthropic.url,
        },
      },
      clients: {
        default: {
          provider: "openai",
          model: "gpt-4o",
          timeoutMs: 20_000,
          fallbacks: [
            { provider: "gemini", model: "gemini-2.5-flash" },
            { provider: "anthropic", model: "claude-sonnet-4-6" },
          ],
        },
        gemini: {
          provider: "gemini",
          model: "gemini-2.5-flash",
          timeoutMs: 20_000,
          fallbacks: [{ provider: "anthropic", model: "claude-sonnet-4-6" }],
        },
      },
    },
    env: {
      OPENAI_API_KEY: CANARIES.openai,
      GEMINI_API_KEY: CANARIES.google,
      ANTHROPIC_API_KEY: CANARIES.anthropic,
    },
    logger,
  });
  return { runtime, logLines: lines };
}

const trace = (attempts: AttemptRecord[]) =>
  attempts.map(({ provider, attempt, errorCode, decision }) => ({ provider, attempt, errorCode, decision }));

describe("a chain of openai, gemini and anthropic on their fake servers", function () {
  // The first request of a file imports the provider SDKs, which takes seconds on a busy machine.
  this.timeout(30_000);
  let servers: Servers;
  let runtime: Runtime | undefined;

  beforeEach(async () => {
    servers = await startProviderFakeServers();
  });

  afterEach(async () => {
    await runtime?.close();
    runtime = undefined;
    await servers.close();
  });

  it("answers from anthropic after openai's retries are spent and gemini's daily quota is gone (E1)", async () => {
    servers.openai.setDefaultReply(openAIErrorReply({ status: 503 }));
    servers.google.enqueue(GOOGLE_ERRORS.dailyQuota());
    servers.anthropic.enqueue(anthropicJsonReply(anthropicMessage({ text: "third time lucky" })));
    const opened = await openRuntime(servers);
    runtime = opened.runtime;
    const output = await runtime.client().generateResponse(userMessage("hi"));
    expect(output).to.include({ content: "third time lucky", provider: "anthropic" });
    expect(trace(output.attempts)).to.deep.equal([
      { provider: "openai", attempt: 1, errorCode: "provider_unavailable", decision: "retry" },
      { provider: "openai", attempt: 2, errorCode: "provider_unavailable", decision: "fallback" },
      { provider: "gemini", attempt: 1, errorCode: "quota_exhausted", decision: "fallback" },
      { provider: "anthropic", attempt: 1, errorCode: undefined, decision: undefined },
    ]);
    expect(
      [servers.openai, servers.google, servers.anthropic].map((server) => server.requests.length),
    ).to.deep.equal([2, 1, 1]);
  });

  it("waits for Gemini's body retryDelay of 2 s before retrying, and no sooner", async () => {
    servers.google.enqueue(
      GOOGLE_ERRORS.rateLimit("2s"),
      googleJsonReply(googleGenerateContentResponse({ text: "after the quota window" })),
    );
    const opened = await openRuntime(servers);
    runtime = opened.runtime;
    const output = await runtime.client("gemini").generateResponse(userMessage("hi"));
    expect(output.content).to.equal("after the quota window");
    expect(output.attempts[0]).to.include({ errorCode: "rate_limit", decision: "retry", delayMs: 2000 });
    expect([servers.google.requests.length, servers.anthropic.requests.length]).to.deep.equal([2, 0]);
    expect(servers.google.requests[1].receivedAt - servers.google.requests[0].receivedAt).to.be.at.least(
      2000,
    );
  });

  it("falls back at once when Gemini asks for a wait above the cap, instead of sleeping (B3)", async () => {
    servers.google.enqueue(GOOGLE_ERRORS.rateLimit("120s"));
    servers.anthropic.enqueue(anthropicJsonReply(anthropicMessage({ text: "no waiting" })));
    const opened = await openRuntime(servers);
    runtime = opened.runtime;
    const startedAt = performance.now();
    const output = await runtime.client("gemini").generateResponse(userMessage("hi"));
    expect(performance.now() - startedAt).to.be.below(1000);
    expect(output.content).to.equal("no waiting");
    expect(output.attempts[0]).to.include({
      provider: "gemini",
      errorCode: "rate_limit",
      decision: "fallback",
    });
    expect([servers.google.requests.length, servers.anthropic.requests.length]).to.deep.equal([1, 1]);
  });

  it("keeps all three canary keys out of logs and errors when the whole chain fails (H1)", async () => {
    servers.openai.setDefaultReply(
      openAIErrorReply({ status: 503, message: `upstream saw ${CANARIES.openai}` }),
    );
    servers.google.setDefaultReply(GOOGLE_ERRORS.invalidKey());
    servers.anthropic.setDefaultReply(
      anthropicErrorReply({ status: 529, message: `overloaded ${CANARIES.anthropic}` }),
    );
    const opened = await openRuntime(servers);
    runtime = opened.runtime;
    const error = await rejection(runtime.client().generateResponse(userMessage("hi")));
    expectError(error, "AuthenticationError");
    expect(trace(error.attempts).map((record) => `${record.provider}:${record.decision}`)).to.deep.equal([
      "openai:retry",
      "openai:fallback",
      "gemini:fail",
    ]);
    const texts = [
      ...opened.logLines,
      ...[error, ...error.errors].flatMap((each) => describeErrorForLeakCheck(each)),
    ];
    for (const canary of Object.values(CANARIES)) {
      expect(findSecretLeaks(texts, canary, canary.slice(-20))).to.deep.equal([]);
    }
  });
});
