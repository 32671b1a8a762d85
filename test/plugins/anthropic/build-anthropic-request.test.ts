import { expect } from "chai";
import { buildAnthropicRequest } from "../../../plugins/anthropic/build-anthropic-request.js";
import type { LLMRequest } from "../../../src/index.js";

const OPTIONS = { defaultMaxTokens: 4096, acceptsSamplingParams: false };

function request(overrides: Partial<LLMRequest> = {}): LLMRequest {
  return {
    provider: "anthropic",
    model: "claude-sonnet-4-6",
    messages: [
      { role: "system", content: "Be brief." },
      { role: "user", content: "Hi" },
    ],
    params: {},
    ...overrides,
  };
}

describe("buildAnthropicRequest", () => {
  it("always sends max_tokens, taking the instance default when the params set none", () => {
    const { body } = buildAnthropicRequest(request(), OPTIONS);
    expect(body).to.deep.equal({
      model: "claude-sonnet-4-6",
      max_tokens: 4096,
      messages: [{ role: "user", content: [{ type: "text", text: "Hi" }] }],
      system: [{ type: "text", text: "Be brief." }],
    });
  });

  it("prefers params.max_tokens, then OpenAI's max_completion_tokens, over the default", () => {
    expect(buildAnthropicRequest(request({ params: { max_tokens: 100 } }), OPTIONS).body.max_tokens).to.equal(
      100,
    );
    expect(
      buildAnthropicRequest(request({ params: { max_completion_tokens: 200 } }), OPTIONS).body.max_tokens,
    ).to.equal(200);
  });

  it("refuses a max_tokens that is not a positive integer", () => {
    expect(() => buildAnthropicRequest(request({ params: { max_tokens: "many" } }), OPTIONS)).to.throw(
      /max_tokens/,
    );
  });

  it("passes Anthropic params through and translates OpenAI's stop and user", () => {
    const { body } = buildAnthropicRequest(
      request({
        params: { service_tier: "auto", stop: "END", user: "u-1", thinking: { type: "adaptive" } },
      }),
      OPTIONS,
    );
    expect(body).to.include({ service_tier: "auto" });
    expect(body.stop_sequences).to.deep.equal(["END"]);
    expect(body.metadata).to.deep.equal({ user_id: "u-1" });
    expect(body.thinking).to.deep.equal({ type: "adaptive" });
    expect(body).to.not.have.property("stop");
    expect(body).to.not.have.property("user");
  });

  it("leaves out OpenAI-only params and reports them", () => {
    const built = buildAnthropicRequest(
      request({ params: { seed: 7, response_format: { type: "json_object" }, metadata: { user_id: "u" } } }),
      OPTIONS,
    );
    expect(built.body).to.not.have.property("seed");
    expect(built.body).to.not.have.property("response_format");
    expect(built.droppedParams).to.deep.equal(["seed", "response_format"]);
  });

  it("leaves out temperature, top_p and top_k, which API version 2026-10-21 refuses", () => {
    const built = buildAnthropicRequest(
      request({ params: { temperature: 0.7, top_p: 0.9, top_k: 5 } }),
      OPTIONS,
    );
    expect(built.body).to.not.have.any.keys("temperature", "top_p", "top_k");
    expect(built.droppedParams).to.deep.equal(["temperature", "top_p", "top_k"]);
  });

  it("sends sampling params when the instance pinned an API version that accepts them", () => {
    const built = buildAnthropicRequest(request({ params: { temperature: 0.7 } }), {
      ...OPTIONS,
      acceptsSamplingParams: true,
    });
    expect(built.body.temperature).to.equal(0.7);
    expect(built.droppedParams).to.deep.equal([]);
  });

  it("never lets a param replace the fields it builds (model, messages, stream)", () => {
    const { body } = buildAnthropicRequest(
      request({ params: { model: "other", stream: true, messages: [] } }),
      OPTIONS,
    );
    expect(body.model).to.equal("claude-sonnet-4-6");
    expect(body.messages).to.have.length(1);
    expect(body).to.not.have.property("stream");
  });

  it("sends tools whenever the history holds tool blocks, even when the caller passed none", () => {
    const { body } = buildAnthropicRequest(
      request({
        messages: [
          { role: "user", content: "Weather?" },
          {
            role: "assistant",
            content: null,
            tool_calls: [{ id: "c1", type: "function", function: { name: "get_weather", arguments: "{}" } }],
          },
          { role: "tool", tool_call_id: "c1", content: "sunny" },
        ],
      }),
      OPTIONS,
    );
    expect(body.tools?.map((tool) => tool.name)).to.deep.equal(["get_weather"]);
    expect(body.tool_choice).to.deep.equal({ type: "none" });
  });
});
