import { expect } from "chai";
import OpenAI from "openai";
import {
  anthropicJsonReply,
  anthropicMessage,
  openAIChatCompletion,
  openAIErrorReply,
  openAIJsonReply,
} from "../../src/testing/index.js";
import { CANARY, type Gateway, startGateway } from "./gateway-fixture.js";

const HI: OpenAI.ChatCompletionMessageParam[] = [{ role: "user", content: "Hi" }];

async function settle(request: Promise<unknown>): Promise<string> {
  try {
    return JSON.stringify(await request);
  } catch (error) {
    return error instanceof OpenAI.APIError
      ? JSON.stringify({ message: error.message, error: error.error })
      : String(error);
  }
}

/** The value of one sample of the metrics text, or undefined. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  const line = text
    .split("\n")
    .find((row) => row.startsWith(`${name}{`) && wanted.every((label) => row.includes(label)));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(" ") + 1));
}

describe("gateway: /metrics, and no key or provider secret anywhere", () => {
  let gateway: Gateway;
  beforeEach(async () => {
    gateway = await startGateway();
  });
  afterEach(async () => {
    await gateway.close();
  });

  it("counts requests, latency, attempts, fallbacks and tokens per client and provider", async () => {
    gateway.fakes.openai.enqueue(
      openAIJsonReply(
        openAIChatCompletion({ content: "a", usage: { promptTokens: 11, completionTokens: 4 } }),
      ),
      openAIErrorReply({ status: 503 }),
    );
    gateway.fakes.anthropic.enqueue(anthropicJsonReply(anthropicMessage({ text: "b" })));
    const sdk = gateway.sdk();
    await sdk.chat.completions.create({ model: "default", messages: HI });
    await sdk.chat.completions.create({ model: "default", messages: HI });
    await settle(sdk.chat.completions.create({ model: "missing", messages: HI }));
    const response = await fetch(`${gateway.url}/metrics`);
    expect(response.headers.get("content-type")).to.match(/^text\/plain/);
    const text = await response.text();
    const requests = "llm_gateway_requests_total";
    expect(sample(text, requests, { client: "default", provider: "openai", status: "200" })).to.equal(1);
    expect(sample(text, requests, { client: "default", provider: "anthropic", status: "200" })).to.equal(1);
    expect(sample(text, "llm_gateway_attempts_total", { provider: "openai", outcome: "error" })).to.equal(1);
    expect(
      sample(text, "llm_gateway_fallbacks_total", { client: "default", from_provider: "openai" }),
    ).to.equal(1);
    expect(sample(text, "llm_gateway_tokens_total", { provider: "openai", kind: "prompt" })).to.equal(11);
    expect(sample(text, "llm_gateway_tokens_total", { provider: "openai", kind: "completion" })).to.equal(4);
    expect(
      sample(text, "llm_gateway_request_duration_seconds_count", { client: "default", provider: "openai" }),
    ).to.equal(1);
    expect(sample(text, "llm_gateway_rejected_total", { reason: "unknown_model" })).to.equal(1);
    expect(text).to.include("llm_gateway_in_flight_requests 0");
  });

  it("never shows a gateway key or a provider key in answers, logs or metrics", async () => {
    gateway.fakes.openai.enqueue(
      // OpenAI echoes part of a rejected key; a provider could echo it whole.
      openAIErrorReply({
        status: 401,
        code: "invalid_api_key",
        message: `Incorrect API key provided: ${CANARY.openai}`,
      }),
      openAIJsonReply(openAIChatCompletion({ content: "fine" })),
    );
    gateway.fakes.anthropic.enqueue(anthropicJsonReply(anthropicMessage({ text: "fine" })));
    const sdk = gateway.sdk();
    const answers = [
      await settle(sdk.chat.completions.create({ model: "solo", messages: HI })),
      await settle(sdk.chat.completions.create({ model: "default", messages: HI })),
      await settle(sdk.chat.completions.create({ model: `solo/${CANARY.gatewayKey}`, messages: HI })),
      await settle(sdk.chat.completions.create({ model: CANARY.gatewayKey, messages: HI })),
      await settle(
        gateway.sdk(`${CANARY.gatewayKey}x`).chat.completions.create({ model: "solo", messages: HI }),
      ),
      await settle(
        sdk.chat.completions.create({
          model: "solo",
          messages: [{ role: CANARY.anthropic, content: "x" } as never],
        }),
      ),
    ];
    const metrics = await (await fetch(`${gateway.url}/metrics`)).text();
    const everything = [...answers, metrics, ...gateway.logLines].join("\n");
    for (const secret of [CANARY.openai, CANARY.anthropic, CANARY.gatewayKey]) {
      expect(everything, secret).not.to.include(secret);
    }
    // And the upstream did receive the provider key: the canary was really in play.
    expect(gateway.fakes.openai.requests[0].headers.authorization).to.equal(`Bearer ${CANARY.openai}`);
  });
});
