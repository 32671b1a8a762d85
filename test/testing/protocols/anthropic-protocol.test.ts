import Anthropic from "@anthropic-ai/sdk";
import { expect } from "chai";
import type { FakeServer } from "../../../src/testing/fake-server.js";
import { ANTHROPIC_ERRORS } from "../../../src/testing/protocols/anthropic-error-replies.js";
import {
  anthropicJsonReply,
  anthropicMessage,
  anthropicSentApiKey,
  anthropicSseReply,
  anthropicStreamEvents,
  startAnthropicFakeServer,
} from "../../../src/testing/protocols/anthropic-protocol.js";

const SPEC = {
  thinking: { thinking: "Paris first.", signature: "sig-abc" },
  text: "Checking.",
  toolUses: [{ id: "toolu_1", name: "get_weather", input: { city: "Paris" } }],
  usage: { inputTokens: 20, outputTokens: 9, cacheReadInputTokens: 100 },
};

describe("the Anthropic fake-server protocol", () => {
  let server: FakeServer;
  let sdk: Anthropic;

  beforeEach(async () => {
    server = await startAnthropicFakeServer();
    sdk = new Anthropic({ apiKey: "sk-ant-test", baseURL: server.url, maxRetries: 0 });
  });

  afterEach(async () => {
    await server.close();
  });

  const ask = {
    model: "claude-sonnet-4-6",
    max_tokens: 64,
    messages: [{ role: "user" as const, content: "hi" }],
  };

  it("serves a message body the real SDK parses, blocks and usage intact", async () => {
    server.enqueue(anthropicJsonReply(anthropicMessage(SPEC)));
    const message = await sdk.messages.create(ask);
    expect(message.content.map((block) => block.type)).to.deep.equal(["thinking", "text", "tool_use"]);
    expect(message.stop_reason).to.equal("tool_use");
    expect(message.usage.cache_read_input_tokens).to.equal(100);
    expect(anthropicSentApiKey(server.requests[0])).to.equal("sk-ant-test");
  });

  it("serves an SSE event sequence the real SDK assembles into the same message", async () => {
    server.enqueue(anthropicSseReply(anthropicStreamEvents(SPEC)));
    const message = await sdk.messages.stream(ask).finalMessage();
    const expected = anthropicMessage(SPEC);
    expect(message.content).to.deep.equal(expected.content);
    expect(message.stop_reason).to.equal("tool_use");
    expect(message.usage.output_tokens).to.equal(9);
    expect((server.requests[0].body as { stream?: boolean }).stream).to.equal(true);
  });

  it("serves errors the SDK turns into its own classes, with type, request id and retry-after", async () => {
    server.enqueue(ANTHROPIC_ERRORS.rateLimit({ retryAfter: "3" }), ANTHROPIC_ERRORS.overloaded());
    const limited = await sdk.messages.create(ask).catch((error: unknown) => error);
    expect(limited).to.be.instanceOf(Anthropic.RateLimitError);
    const rate = limited as InstanceType<typeof Anthropic.RateLimitError>;
    expect(rate.type).to.equal("rate_limit_error");
    expect(rate.requestID).to.equal("req_rate_limit");
    expect(rate.headers.get("retry-after")).to.equal("3");
    const overloaded = await sdk.messages.create(ask).catch((error: unknown) => error);
    expect(overloaded).to.be.instanceOf(Anthropic.OverloadedError);
  });

  it("answers a request that breaks Anthropic's rules with a 400 in Anthropic's shape", async () => {
    server.enqueue(anthropicJsonReply(anthropicMessage({ text: "unused" })));
    const refused = await sdk.messages
      .create({ ...ask, messages: [{ role: "user", content: [{ type: "text", text: "" }] }] })
      .catch((error: unknown) => error);
    expect(refused).to.be.instanceOf(Anthropic.BadRequestError);
    expect((refused as InstanceType<typeof Anthropic.BadRequestError>).apiMessage).to.equal(
      "messages: text content blocks must be non-empty",
    );
    expect(server.pending, "the scripted reply was not used").to.equal(1);
  });
});
