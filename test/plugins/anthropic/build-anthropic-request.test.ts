import { expect } from "chai";
import { buildAnthropicRequest } from "../../../plugins/anthropic/build-anthropic-request.js";
import { InvalidRequestError, type LLMRequest } from "../../../src/index.js";

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

  it("sends providerParams.anthropic as they are and translates OpenAI's stop and user", () => {
    const { body } = buildAnthropicRequest(
      request({
        params: { stop: "END", user: "u-1" },
        providerParams: { service_tier: "auto", thinking: { type: "adaptive" } },
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
      request({ params: { seed: 7, store: true, service_tier: "default", metadata: { app: "x" } } }),
      OPTIONS,
    );
    expect(built.body).to.not.have.any.keys("seed", "store", "service_tier", "metadata");
    expect(built.droppedParams).to.deep.equal(["seed", "store", "service_tier", "metadata"]);
  });

  it("translates response_format json_schema and reasoning_effort into output_config and thinking", () => {
    const schema = { type: "object", properties: {}, additionalProperties: false };
    const built = buildAnthropicRequest(
      request({
        params: {
          response_format: { type: "json_schema", json_schema: { name: "x", schema } },
          reasoning_effort: "minimal",
        },
      }),
      OPTIONS,
    );
    expect(built.body.output_config).to.deep.equal({
      format: { type: "json_schema", schema },
      effort: "low",
    });
    expect(built.body.thinking).to.deep.equal({ type: "adaptive" });
    const off = buildAnthropicRequest(request({ params: { reasoning_effort: "none" } }), OPTIONS);
    expect(off.body.thinking).to.deep.equal({ type: "disabled" });
  });

  it("closes the schema's objects that leave additionalProperties unsaid, and refuses open ones", () => {
    const format = (schema: unknown) => ({ type: "json_schema", json_schema: { name: "x", schema } });
    const silent = { type: "object", properties: { a: { type: "object", properties: {} } } };
    const built = buildAnthropicRequest(request({ params: { response_format: format(silent) } }), OPTIONS);
    expect(built.body.output_config).to.deep.equal({
      format: {
        type: "json_schema",
        schema: {
          type: "object",
          additionalProperties: false,
          properties: { a: { type: "object", properties: {}, additionalProperties: false } },
        },
      },
    });
    expect(silent).to.not.have.property("additionalProperties");
    const open = { type: "object", properties: { a: { type: "object", additionalProperties: true } } };
    expect(() =>
      buildAnthropicRequest(request({ params: { response_format: format(open) } }), OPTIONS),
    ).to.throw(InvalidRequestError, /schema\/properties\/a allows additional properties/);
  });

  it("refuses response_format json_object, which Anthropic cannot honour, with a typed error", () => {
    expect(() =>
      buildAnthropicRequest(request({ params: { response_format: { type: "json_object" } } }), OPTIONS),
    ).to.throw(InvalidRequestError, /json_object/);
  });

  it("leaves out temperature and top_p, which API version 2026-10-21 refuses", () => {
    const built = buildAnthropicRequest(request({ params: { temperature: 0.7, top_p: 0.9 } }), OPTIONS);
    expect(built.body).to.not.have.any.keys("temperature", "top_p");
    expect(built.droppedParams).to.deep.equal(["temperature", "top_p"]);
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

describe("buildAnthropicRequest: thinking and prefill rules", () => {
  const WEATHER = {
    type: "function" as const,
    function: { name: "get_weather", parameters: { type: "object", properties: {} } },
  };
  const thinking = { thinking: { type: "adaptive" } };

  it("sends a call that forces a tool without thinking, with a note", () => {
    const built = buildAnthropicRequest(
      request({ tools: [WEATHER], toolChoice: "required", providerParams: thinking }),
      OPTIONS,
    );
    expect(built.body).to.not.have.property("thinking");
    expect(built.body.tool_choice).to.deep.include({ type: "any" });
    expect(built.notes[0]).to.match(/tool_choice auto or none/);
    const auto = buildAnthropicRequest(
      request({ tools: [WEATHER], toolChoice: "auto", providerParams: thinking }),
      OPTIONS,
    );
    expect(auto.body.thinking).to.deep.equal({ type: "adaptive" });
    expect(auto.notes).to.deep.equal([]);
  });

  it("sends a tool loop another provider started without thinking, with a note", () => {
    const built = buildAnthropicRequest(
      request({
        tools: [WEATHER],
        providerParams: thinking,
        messages: [
          { role: "user", content: "Weather?" },
          {
            role: "assistant",
            content: null,
            tool_calls: [
              { id: "call_1", type: "function", function: { name: "get_weather", arguments: "{}" } },
            ],
          },
          { role: "tool", tool_call_id: "call_1", content: "21C" },
        ],
      }),
      OPTIONS,
    );
    expect(built.body).to.not.have.property("thinking");
    expect(built.notes[0]).to.match(/no thinking block/);
  });

  it("trims a final assistant prefill's trailing whitespace", () => {
    const built = buildAnthropicRequest(
      request({
        messages: [
          { role: "user", content: "Count" },
          { role: "assistant", content: "One, two, " },
        ],
      }),
      OPTIONS,
    );
    expect(built.body.messages.at(-1)?.content).to.deep.equal([{ type: "text", text: "One, two," }]);
    expect(built.notes).to.deep.equal([
      "trailing whitespace trimmed from the final assistant message (prefill)",
    ]);
  });
});
