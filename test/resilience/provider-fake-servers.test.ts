import { expect } from "chai";
import { createRuntime, type Runtime } from "../../src/index.js";
import {
  describeErrorForLeakCheck,
  type FakeServer,
  findSecretLeaks,
  openAIChatCompletion,
  openAIErrorReply,
  openAIJsonReply,
  startOpenAIFakeServer,
} from "../../src/testing/index.js";
import {
  anthropicErrorReply,
  anthropicJsonReply,
  anthropicMessage,
  anthropicSentApiKey,
  startAnthropicFakeServer,
} from "../../src/testing/protocols/anthropic-protocol.js";
import { captureLogger, userMessage } from "../kernel/runtime-fixture.js";
import { expectError, rejection } from "./expect-failure.js";

const OPENAI_CANARY = "sk-canary-Qx7Vd9Lm2Pz4Rt8Kw3NbJ6";
const ANTHROPIC_CANARY = "sk-ant-canary-Hy5Gc2Ts9Wf4Mv7Rq1Ld8";

/** A config value the loader interpolates from `env` (`${NAME}`), as a real config writes a key. */
const fromEnvironment = (name: string) => `\${${name}}`;

/** openai (primary) -> anthropic (fallback), both on fake servers, keys from the environment. */
async function openRuntime(
  openai: FakeServer,
  anthropic: FakeServer,
  retryOptions: Record<string, unknown> = {},
) {
  const { logger, lines } = captureLogger();
  const runtime = await createRuntime({
    config: {
      plugins: ["openai", "anthropic", { use: "retry", options: { jitter: 0, ...retryOptions } }, "fallback"],
      providers: {
        openai: { type: "openai", apiKey: fromEnvironment("OPENAI_API_KEY"), baseURL: `${openai.url}/v1` },
        anthropic: {
          type: "anthropic",
          apiKey: fromEnvironment("ANTHROPIC_API_KEY"),
          baseURL: anthropic.url,
        },
      },
      clients: {
        default: {
          provider: "openai",
          model: "gpt-4o",
          timeoutMs: 20_000,
          fallbacks: [{ provider: "anthropic", model: "claude-sonnet-4-6" }],
        },
      },
    },
    env: { OPENAI_API_KEY: OPENAI_CANARY, ANTHROPIC_API_KEY: ANTHROPIC_CANARY },
    logger,
  });
  return { runtime, client: runtime.client(), logLines: lines };
}

/** Checks the whole key and every 8-character run of its random tail (a key cut short still leaks). */
function expectNoCanary(texts: string[]) {
  expect(findSecretLeaks(texts, OPENAI_CANARY, OPENAI_CANARY.slice(10))).to.deep.equal([]);
  expect(findSecretLeaks(texts, ANTHROPIC_CANARY, ANTHROPIC_CANARY.slice(14))).to.deep.equal([]);
}

describe("retry and fallback against the OpenAI and Anthropic fake servers", function () {
  // The first request of a file imports the provider SDKs, which takes seconds on a busy machine.
  this.timeout(30_000);
  let openai: FakeServer;
  let anthropic: FakeServer;
  let runtime: Runtime | undefined;

  beforeEach(async () => {
    openai = await startOpenAIFakeServer();
    anthropic = await startAnthropicFakeServer();
  });

  afterEach(async () => {
    await runtime?.close();
    runtime = undefined;
    await Promise.all([openai.close(), anthropic.close()]);
  });

  it("retries a real 429 with retry-after: 2 once, and not before 2 s (A9, B4)", async () => {
    openai.enqueue(
      openAIErrorReply({ status: 429, type: "requests", code: "rate_limit_exceeded", retryAfter: "2" }),
      openAIJsonReply(openAIChatCompletion({ content: "after the wait" })),
    );
    const opened = await openRuntime(openai, anthropic);
    runtime = opened.runtime;
    const output = await opened.client.generateResponse(userMessage("hi"));
    expect(output).to.include({ content: "after the wait", provider: "openai" });
    expect(openai.requests).to.have.length(2);
    expect(openai.requests[1].receivedAt - openai.requests[0].receivedAt).to.be.at.least(2000);
    expect(
      output.attempts.map(({ errorCode, decision, delayMs }) => ({ errorCode, decision, delayMs })),
    ).to.deep.equal([
      { errorCode: "rate_limit", decision: "retry", delayMs: 2000 },
      { errorCode: undefined, decision: undefined, delayMs: undefined },
    ]);
    expect(anthropic.requests).to.have.length(0);
  });

  it("retries a 503 and returns the answer that follows", async () => {
    openai.enqueue(
      openAIErrorReply({ status: 503 }),
      openAIJsonReply(openAIChatCompletion({ content: "back up" })),
    );
    const opened = await openRuntime(openai, anthropic, { initialDelayMs: 10 });
    runtime = opened.runtime;
    const output = await opened.client.generateResponse(userMessage("hi"));
    expect(output.content).to.equal("back up");
    expect(openai.requests).to.have.length(2);
    expect(output.attempts.map((record) => record.status)).to.deep.equal([503, undefined]);
  });

  it("never retries or falls back on a real 400", async () => {
    openai.enqueue(
      openAIErrorReply({ status: 400, message: "Invalid value for 'temperature'", param: "temperature" }),
    );
    const opened = await openRuntime(openai, anthropic, { initialDelayMs: 10, maxRetries: 3 });
    runtime = opened.runtime;
    const error = await rejection(opened.client.generateResponse(userMessage("hi")));
    expectError(error, "InvalidRequestError");
    expect([openai.requests.length, anthropic.requests.length]).to.deep.equal([1, 0]);
  });

  it("falls back from openai to anthropic once openai's retries are spent, with the attempt list (E1)", async () => {
    openai.setDefaultReply(openAIErrorReply({ status: 503 }));
    anthropic.enqueue(anthropicJsonReply(anthropicMessage({ text: "Claude here" })));
    const opened = await openRuntime(openai, anthropic, { initialDelayMs: 10 });
    runtime = opened.runtime;
    const output = await opened.client.generateResponse(userMessage("hi"));
    expect(output).to.include({ content: "Claude here", provider: "anthropic" });
    expect(
      output.attempts.map(({ provider, attempt, status, decision }) => ({
        provider,
        attempt,
        status,
        decision,
      })),
    ).to.deep.equal([
      { provider: "openai", attempt: 1, status: 503, decision: "retry" },
      { provider: "openai", attempt: 2, status: 503, decision: "fallback" },
      { provider: "anthropic", attempt: 1, status: undefined, decision: undefined },
    ]);
    expect([openai.requests.length, anthropic.requests.length]).to.deep.equal([2, 1]);
    expect(anthropicSentApiKey(anthropic.requests[0])).to.equal(ANTHROPIC_CANARY);
  });

  it("keeps both canary keys out of logs and errors when every provider fails, one echoing its key (H1, H3)", async () => {
    openai.setDefaultReply(
      openAIErrorReply({ status: 429, type: "requests", code: "rate_limit_exceeded", retryAfter: "0" }),
    );
    anthropic.setDefaultReply(
      anthropicErrorReply({
        status: 401,
        message: `invalid x-api-key: ${ANTHROPIC_CANARY} (key ${OPENAI_CANARY})`,
      }),
    );
    const opened = await openRuntime(openai, anthropic, { initialDelayMs: 10 });
    runtime = opened.runtime;
    const error = await rejection(opened.client.generateResponse(userMessage("hi")));
    expectError(error, "AuthenticationError");
    expect(
      error.attempts.map((record) => `${record.provider}:${record.errorCode}:${record.decision}`),
    ).to.deep.equal([
      "openai:rate_limit:retry",
      "openai:rate_limit:fallback",
      "anthropic:authentication:fail",
    ]);
    const texts = [
      ...opened.logLines,
      ...describeErrorForLeakCheck(error),
      ...error.errors.flatMap((each) => describeErrorForLeakCheck(each)),
    ];
    expectNoCanary(texts);
    expect(opened.logLines.some((line) => line.includes('"falling back to the next target"'))).to.equal(true);
  });
});
