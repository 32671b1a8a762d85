import { expect } from "chai";
import OpenAI from "openai";
import { anthropicErrorReply, openAIErrorReply } from "../../src/testing/index.js";
import { CANARY, type Gateway, sha256, startGateway } from "./gateway-fixture.js";

const HI: OpenAI.ChatCompletionMessageParam[] = [{ role: "user", content: "Hi" }];

/** The SDK's APIError for a request expected to fail. */
async function failureOf(request: Promise<unknown>): Promise<InstanceType<typeof OpenAI.APIError>> {
  try {
    await request;
  } catch (error) {
    if (error instanceof OpenAI.APIError) return error;
    throw error;
  }
  throw new Error("the request succeeded");
}

/** A raw POST, for bodies the SDK would never send. */
async function post(gateway: Gateway, body: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${gateway.url}/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${CANARY.gatewayKey}`, "content-type": "application/json", ...headers },
    body,
  });
  return { status: response.status, body: (await response.json()) as { error: Record<string, unknown> } };
}

describe("gateway: errors in OpenAI's error JSON with the matching status", () => {
  let gateway: Gateway;
  afterEach(async () => {
    await gateway?.close();
  });

  describe("with the default fixture", () => {
    beforeEach(async () => {
      gateway = await startGateway();
    });

    it("400 names the JSON pointer of the invalid value", async () => {
      const error = await failureOf(
        gateway.sdk().chat.completions.create({
          model: "default",
          messages: [{ role: "wizard", content: "Hi" } as never],
        }),
      );
      expect(error.status).to.equal(400);
      expect(error.type).to.equal("invalid_request_error");
      expect(error.param).to.equal("/messages/0/role");
      expect(error.message).to.include("/messages/0/role");
      expect(gateway.fakes.openai.requests).to.have.length(0);
    });

    it("400 for a missing field, a tool message without its call id, and a body that is not JSON", async () => {
      const missing = await post(gateway, JSON.stringify({ model: "default" }));
      expect(missing.status).to.equal(400);
      expect(missing.body.error).to.include({ param: "", type: "invalid_request_error" });
      expect(missing.body.error.message).to.include("messages");
      const tool = await post(
        gateway,
        JSON.stringify({ model: "default", messages: [{ role: "tool", content: "x" }] }),
      );
      expect(tool.status).to.equal(400);
      expect(tool.body.error.param).to.equal("/messages/0");
      expect(tool.body.error.message).to.include("tool_call_id");
      const garbage = await post(gateway, `{"model": "default", "messages": [${CANARY.openai}`);
      expect(garbage.status).to.equal(400);
      expect(JSON.stringify(garbage.body)).not.to.include(CANARY.openai);
    });

    it("401 without a key and with a wrong one; the key is never echoed", async () => {
      const wrong = await failureOf(
        gateway.sdk("gw-not-a-key-123").chat.completions.create({ model: "default", messages: HI }),
      );
      expect(wrong.status).to.equal(401);
      expect(wrong.code).to.equal("invalid_api_key");
      expect(wrong.message).not.to.include("gw-not-a-key-123");
      const none = await fetch(`${gateway.url}/v1/models`);
      expect(none.status).to.equal(401);
    });

    it("404 for an unknown client, an unknown pinned model, and a client the key may not use", async () => {
      for (const model of ["nope", "default/gpt-3", "nope/gpt-4o"]) {
        const error = await failureOf(gateway.sdk().chat.completions.create({ model, messages: HI }));
        expect(error.status, model).to.equal(404);
        expect(error.code, model).to.equal("model_not_found");
      }
      const denied = await failureOf(
        gateway.sdk(CANARY.otherKey).chat.completions.create({ model: "default", messages: HI }),
      );
      expect(denied.status).to.equal(404);
      const models = await gateway.sdk(CANARY.otherKey).models.list();
      expect(models.data.map((model) => model.id)).to.deep.equal(["solo"]);
    });

    it("429 with retry-after when every target is rate limited", async () => {
      gateway.fakes.openai.enqueue(
        openAIErrorReply({ status: 429, code: "rate_limit_exceeded", retryAfter: "7" }),
      );
      gateway.fakes.anthropic.enqueue(anthropicErrorReply({ status: 429, retryAfter: "3" }));
      const error = await failureOf(
        gateway.sdk().chat.completions.create({ model: "default", messages: HI }),
      );
      expect(error.status).to.equal(429);
      expect(error.code).to.equal("rate_limit_exceeded");
      expect(error.headers?.get("retry-after")).to.equal("3");
    });

    it("503 when only some targets are rate limited and the rest are down", async () => {
      gateway.fakes.openai.enqueue(openAIErrorReply({ status: 429, code: "rate_limit_exceeded" }));
      gateway.fakes.anthropic.enqueue(anthropicErrorReply({ status: 529 }));
      const error = await failureOf(
        gateway.sdk().chat.completions.create({ model: "default", messages: HI }),
      );
      expect(error.status).to.equal(503);
    });

    it("502 when the upstream rejects the gateway's own provider key", async () => {
      gateway.fakes.openai.enqueue(openAIErrorReply({ status: 401, code: "invalid_api_key" }));
      const error = await failureOf(gateway.sdk().chat.completions.create({ model: "solo", messages: HI }));
      expect(error.status).to.equal(502);
      expect(error.code).to.equal("upstream_authentication_failed");
      expect(error.message).not.to.include(CANARY.openai);
    });

    it("502 when the upstream connection resets", async () => {
      gateway.fakes.openai.enqueue({ kind: "reset" });
      const error = await failureOf(gateway.sdk().chat.completions.create({ model: "solo", messages: HI }));
      expect(error.status).to.equal(502);
      expect(error.code).to.equal("upstream_connection_failed");
    });

    it("413 for a body over the limit", async () => {
      const big = await post(
        gateway,
        JSON.stringify({
          model: "default",
          messages: [{ role: "user", content: "x".repeat(5 * 1024 * 1024) }],
        }),
      );
      expect(big.status).to.equal(413);
      expect(big.body.error.code).to.equal("request_too_large");
    });
  });

  it("504 when the upstream does not answer within the client's deadline", async () => {
    gateway = await startGateway({ soloTimeoutMs: 500 });
    gateway.fakes.openai.enqueue({ kind: "hang" });
    const error = await failureOf(gateway.sdk().chat.completions.create({ model: "solo", messages: HI }));
    expect(error.status).to.equal(504);
    expect(error.code).to.equal("upstream_timeout");
  });

  it("429 with retry-after also when the health plugin skips every target a 429 put on hold", async () => {
    gateway = await startGateway({ plugins: ["health"] });
    gateway.fakes.openai.enqueue(
      openAIErrorReply({ status: 429, code: "rate_limit_exceeded", retryAfter: "30" }),
    );
    gateway.fakes.anthropic.enqueue(anthropicErrorReply({ status: 429, retryAfter: "20" }));
    const first = await failureOf(gateway.sdk().chat.completions.create({ model: "default", messages: HI }));
    expect(first.status).to.equal(429);
    // Both targets now cool down: the next request is refused without a provider call.
    const held = await failureOf(gateway.sdk().chat.completions.create({ model: "default", messages: HI }));
    expect(held.status).to.equal(429);
    expect(Number(held.headers?.get("retry-after"))).to.be.within(15, 20);
    expect(gateway.fakes.openai.requests).to.have.length(1);
    expect(gateway.fakes.anthropic.requests).to.have.length(1);
    // Readiness reports both targets cooling, and stays ready.
    const ready = await fetch(`${gateway.url}/health/ready`);
    expect(ready.status).to.equal(200);
    const body = (await ready.json()) as { coolingTargets: Array<{ provider: string; reason: string }> };
    expect(body.coolingTargets.map((target) => `${target.provider} ${target.reason}`).sort()).to.deep.equal([
      "anthropic retry_after",
      "openai retry_after",
    ]);
  });

  it("429 with retry-after when a key is over its own rate limit", async () => {
    gateway = await startGateway({
      server: {
        keys: [{ name: "metered", sha256: sha256(CANARY.gatewayKey), clients: ["*"], requestsPerMinute: 2 }],
      },
      serverOptions: { now: () => Date.UTC(2026, 11, 7, 3, 0, 45) },
    });
    gateway.fakes.openai.setDefaultReply(openAIErrorReply({ status: 500 }));
    const { response } = await gateway.sdk().models.list().withResponse();
    expect(response.status).to.equal(200);
    for (let index = 0; index < 2; index++) {
      const error = await failureOf(gateway.sdk().chat.completions.create({ model: "solo", messages: HI }));
      expect(error.status).to.not.equal(429);
    }
    const limited = await failureOf(gateway.sdk().chat.completions.create({ model: "solo", messages: HI }));
    expect(limited.status).to.equal(429);
    expect(limited.headers?.get("retry-after")).to.equal("15");
    expect(limited.headers?.get("x-ratelimit-remaining-requests")).to.equal("0");
    expect(gateway.fakes.openai.requests).to.have.length(2);
  });

  it("503 server_busy with retry-after when the concurrency limit is reached", async () => {
    gateway = await startGateway({ serverOptions: { maxConcurrentRequests: 1 } });
    gateway.fakes.openai.enqueue({ kind: "hang" });
    const sdk = gateway.sdk();
    const controller = new AbortController();
    const hanging = sdk.chat.completions.create(
      { model: "solo", messages: HI },
      { signal: controller.signal },
    );
    hanging.catch(() => undefined);
    await gateway.fakes.openai.waitForRequests(1);
    const busy = await failureOf(sdk.chat.completions.create({ model: "solo", messages: HI }));
    expect(busy.status).to.equal(503);
    expect(busy.code).to.equal("server_busy");
    expect(busy.headers?.get("retry-after")).to.equal("1");
    controller.abort();
  });
});
