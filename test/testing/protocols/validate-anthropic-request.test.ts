import { expect } from "chai";
import type { JsonReply, RecordedRequest } from "../../../src/testing/fake-server-types.js";
import {
  anthropicSentApiKey,
  validateAnthropicRequest,
} from "../../../src/testing/protocols/validate-anthropic-request.js";

const HEADERS = { authorization: "Bearer sk-ant-test", "anthropic-version": "2026-10-21" };

function recorded(body: unknown, overrides: Partial<RecordedRequest> = {}): RecordedRequest {
  return {
    index: 0,
    method: "POST",
    path: "/v1/messages",
    query: {},
    headers: HEADERS,
    body,
    rawBody: JSON.stringify(body),
    receivedAt: 0,
    clientDisconnected: false,
    ...overrides,
  };
}

/** The status and Anthropic error of a reply, or undefined when the request passed. */
function refusal(body: unknown, overrides: Partial<RecordedRequest> = {}) {
  const reply = validateAnthropicRequest(recorded(body, overrides)) as JsonReply | undefined;
  if (reply === undefined) return undefined;
  const payload = reply.body as {
    type: string;
    error: { type: string; message: string };
    request_id: string;
  };
  expect(payload.type).to.equal("error");
  expect(payload.request_id).to.be.a("string");
  return { status: reply.status, ...payload.error };
}

const WEATHER_TOOL = { name: "get_weather", input_schema: { type: "object" } };
const text = (value: string) => ({ type: "text", text: value });
const use = (id: string) => ({ type: "tool_use", id, name: "get_weather", input: { city: "Paris" } });
const result = (id: string) => ({ type: "tool_result", tool_use_id: id, content: "21C" });

function request(messages: unknown[], extra: Record<string, unknown> = {}) {
  return { model: "claude-sonnet-4-6", max_tokens: 1024, messages, ...extra };
}

const TOOL_TURNS = [
  { role: "user", content: "Weather?" },
  { role: "assistant", content: [text("Checking."), use("toolu_1"), use("toolu_2")] },
  { role: "user", content: [result("toolu_1"), result("toolu_2"), text("thanks")] },
];

describe("validateAnthropicRequest", () => {
  it("passes a well-formed tool conversation", () => {
    expect(refusal(request(TOOL_TURNS, { tools: [WEATHER_TOOL], system: [text("Be brief.")] }))).to.equal(
      undefined,
    );
  });

  it("accepts the key as x-api-key or as Authorization: Bearer, and refuses a request with neither", () => {
    const viaHeader = recorded({}, { headers: { "x-api-key": "sk-a" } });
    expect(anthropicSentApiKey(viaHeader)).to.equal("sk-a");
    expect(anthropicSentApiKey(recorded({}))).to.equal("sk-ant-test");
    const missing = refusal(request([]), { headers: { "anthropic-version": "2026-10-21" } });
    expect(missing).to.include({ status: 401, type: "authentication_error" });
  });

  it("answers 404 not_found_error for another path", () => {
    expect(refusal(request(TOOL_TURNS), { path: "/v1/complete" })).to.include({
      status: 404,
      type: "not_found_error",
    });
  });

  it("requires the anthropic-version header", () => {
    const problem = refusal(request([{ role: "user", content: "hi" }]), { headers: { "x-api-key": "k" } });
    expect(problem?.message).to.equal("anthropic-version: header is required");
  });

  it("requires max_tokens", () => {
    const problem = refusal({ model: "claude-sonnet-4-6", messages: [{ role: "user", content: "hi" }] });
    expect(problem).to.include({
      status: 400,
      type: "invalid_request_error",
      message: "max_tokens: Field required",
    });
  });

  it("refuses temperature on API version 2026-10-21 and accepts it on 2023-06-01", () => {
    const body = request([{ role: "user", content: "hi" }], { temperature: 1 });
    expect(refusal(body)?.message).to.equal("temperature: Extra inputs are not permitted");
    const old = { headers: { "x-api-key": "k", "anthropic-version": "2023-06-01" } };
    expect(refusal(body, old)).to.equal(undefined);
  });

  it("refuses an OpenAI-only field", () => {
    expect(refusal(request([{ role: "user", content: "hi" }], { seed: 1 }))?.message).to.include("seed");
  });

  it("refuses an empty text block, in a message or in system", () => {
    expect(refusal(request([{ role: "user", content: [text("")] }]))?.message).to.include(
      "must be non-empty",
    );
    expect(refusal(request([{ role: "user", content: "hi" }], { system: [text("")] }))?.message).to.include(
      "must be non-empty",
    );
  });

  it("refuses two turns of one role in a row", () => {
    const problem = refusal(
      request([
        { role: "user", content: "a" },
        { role: "user", content: "b" },
      ]),
    );
    expect(problem?.message).to.include("roles must alternate");
  });

  it("refuses a tool_use id outside ^[a-zA-Z0-9_-]+$", () => {
    const turns = [
      { role: "user", content: "w?" },
      { role: "assistant", content: [use("functions.get:0")] },
      { role: "user", content: [result("functions.get:0")] },
    ];
    expect(refusal(request(turns, { tools: [WEATHER_TOOL] }))?.message).to.include(
      "String should match pattern",
    );
  });

  it("refuses a tool_use not answered in the very next message", () => {
    const turns = [
      { role: "user", content: "w?" },
      { role: "assistant", content: [use("toolu_1"), use("toolu_2")] },
      { role: "user", content: [result("toolu_1")] },
    ];
    expect(refusal(request(turns, { tools: [WEATHER_TOOL] }))?.message).to.include(
      "`tool_use` ids were found without `tool_result` blocks immediately after: toolu_2",
    );
  });

  it("needs no result for a call code execution made and answered inside the same turn", () => {
    const caller = { type: "code_execution_20250825", tool_id: "srvtoolu_c" };
    const turns = [
      { role: "user", content: "roll" },
      {
        role: "assistant",
        content: [
          { type: "server_tool_use", id: "srvtoolu_c", name: "code_execution", input: {} },
          { ...use("toolu_inner"), caller },
          { type: "code_execution_tool_result", tool_use_id: "srvtoolu_c", content: {} },
          text("done"),
        ],
      },
      { role: "user", content: "thanks" },
    ];
    expect(refusal(request(turns, { tools: [WEATHER_TOOL] }))).to.equal(undefined);
  });

  it("refuses a tool_result that comes after other content in its message", () => {
    const turns = [
      { role: "user", content: "w?" },
      { role: "assistant", content: [use("toolu_1")] },
      { role: "user", content: [text("here:"), result("toolu_1")] },
    ];
    expect(refusal(request(turns, { tools: [WEATHER_TOOL] }))?.message).to.include("must come before");
  });

  it("refuses a tool_result with no tool_use before it", () => {
    const turns = [{ role: "user", content: [result("toolu_9")] }];
    expect(refusal(request(turns, { tools: [WEATHER_TOOL] }))?.message).to.include(
      "unexpected `tool_use_id`",
    );
  });

  it("requires tools when the history holds tool blocks", () => {
    expect(refusal(request(TOOL_TURNS))?.message).to.equal(
      "Requests which include `tool_use` or `tool_result` blocks must define tools.",
    );
  });

  it("refuses a document block in an assistant message", () => {
    const document = { type: "document", source: { type: "text", media_type: "text/plain", data: "x" } };
    const turns = [
      { role: "user", content: "hi" },
      { role: "assistant", content: [document] },
    ];
    expect(refusal(request(turns))?.message).to.include("document blocks are not permitted");
  });

  it("refuses a named tool_choice that is not among the tools", () => {
    const body = request([{ role: "user", content: "hi" }], {
      tools: [WEATHER_TOOL],
      tool_choice: { type: "tool", name: "other" },
    });
    expect(refusal(body)?.message).to.include("'other' not found");
  });
});

describe("validateAnthropicRequest: top-level fields and thinking (SDK 1.14 MessageCreateParams)", () => {
  const ask = [{ role: "user", content: "hi" }];
  const thinking = { thinking: { type: "adaptive" } };

  for (const field of [
    "store",
    "verbosity",
    "prompt_cache_key",
    "safety_identifier",
    "seed",
    "topK",
    "response_format",
    "reasoning_effort",
    "temperature",
  ]) {
    it(`refuses the OpenAI/Gemini field ${field}`, () => {
      expect(refusal(request(ask, { [field]: 1 }))?.message).to.equal(
        `${field}: Extra inputs are not permitted`,
      );
    });
  }

  it("refuses OpenAI-style metadata and an OpenAI service_tier, and passes Anthropic's own", () => {
    expect(refusal(request(ask, { metadata: { app: "x" } }))?.message).to.equal(
      "metadata.app: Extra inputs are not permitted",
    );
    expect(refusal(request(ask, { service_tier: "default" }))?.message).to.match(/^service_tier:/);
    expect(refusal(request(ask, { metadata: { user_id: "u1" }, service_tier: "auto" }))).to.equal(undefined);
  });

  it("checks output_config: format json_schema with a schema object, effort from Anthropic's list", () => {
    const format = { type: "json_schema", schema: { type: "object", additionalProperties: false } };
    expect(refusal(request(ask, { output_config: { format, effort: "low" } }))).to.equal(undefined);
    expect(refusal(request(ask, { output_config: { format: { type: "json_object" } } }))?.message).to.match(
      /^output_config.format/,
    );
    expect(refusal(request(ask, { output_config: { effort: "minimal" } }))?.message).to.match(
      /^output_config.effort/,
    );
  });

  it("refuses thinking with a tool_choice that forces a tool, and passes auto", () => {
    const tools = { tools: [WEATHER_TOOL], ...thinking };
    expect(refusal(request(ask, { ...tools, tool_choice: { type: "any" } }))?.message).to.equal(
      "Thinking may not be enabled when tool_choice forces tool use.",
    );
    expect(
      refusal(request(ask, { ...tools, tool_choice: { type: "tool", name: "get_weather" } }))?.status,
    ).to.equal(400);
    expect(refusal(request(ask, { ...tools, tool_choice: { type: "auto" } }))).to.equal(undefined);
  });

  it("refuses thinking in a tool loop whose last assistant turn does not start with a thinking block", () => {
    const loop = [
      { role: "user", content: "Weather?" },
      { role: "assistant", content: [use("toolu_1")] },
      { role: "user", content: [result("toolu_1")] },
    ];
    expect(refusal(request(loop, { tools: [WEATHER_TOOL], ...thinking }))?.message).to.match(
      /^messages\.1\.content\.0\.type: Expected `thinking`/,
    );
    expect(refusal(request(loop, { tools: [WEATHER_TOOL] }))).to.equal(undefined);
    const signed = [
      loop[0],
      { role: "assistant", content: [{ type: "thinking", thinking: "t", signature: "s" }, use("toolu_1")] },
      loop[2],
    ];
    expect(refusal(request(signed, { tools: [WEATHER_TOOL], ...thinking }))).to.equal(undefined);
  });

  it("refuses manual thinking with a budget under 1024 or not below max_tokens", () => {
    const enabled = (budget: number) => ({ thinking: { type: "enabled", budget_tokens: budget } });
    expect(refusal(request(ask, enabled(512)))?.message).to.match(/greater than or equal to 1024/);
    expect(refusal(request(ask, enabled(1024)))?.message).to.match(/max_tokens/);
    expect(refusal(request(ask, { ...enabled(1000), max_tokens: 4096 }))?.status).to.equal(400);
    expect(refusal(request(ask, { ...enabled(2048), max_tokens: 4096 }))).to.equal(undefined);
  });

  it("refuses a final assistant prefill that ends in whitespace", () => {
    const prefill = (value: string) => [...ask, { role: "assistant", content: value }];
    expect(refusal(request(prefill("The answer is "))))?.to.include({
      message: "final assistant content cannot end with trailing whitespace",
    });
    expect(refusal(request(prefill("The answer is")))).to.equal(undefined);
    expect(refusal(request(prefill("The answer is"), thinking))?.message).to.match(/Prefilling/);
  });
});
