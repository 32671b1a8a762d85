import { expect } from "chai";
import type { JsonReply, RecordedRequest } from "../../../src/testing/fake-server-types.js";
import { validateOpenAIRequest } from "../../../src/testing/protocols/validate-openai-request.js";

function recorded(body: unknown, overrides: Partial<RecordedRequest> = {}): RecordedRequest {
  return {
    index: 0,
    method: "POST",
    path: "/v1/chat/completions",
    query: {},
    headers: { authorization: "Bearer sk-test" },
    body,
    rawBody: JSON.stringify(body),
    receivedAt: 0,
    clientDisconnected: false,
    ...overrides,
  };
}

function errorOf(reply: unknown): {
  status?: number;
  error: { message: string; param: string | null; code: string | null };
} {
  const json = reply as JsonReply;
  return {
    status: json.status,
    ...(json.body as { error: { message: string; param: string | null; code: string | null } }),
  };
}

const call = (id: string, args = '{"city":"Paris"}') => ({
  id,
  type: "function",
  function: { name: "get_weather", arguments: args },
});
const user = { role: "user", content: "hi" };

describe("validateOpenAIRequest", () => {
  it("passes a well-formed tool conversation", () => {
    const messages = [
      user,
      { role: "assistant", content: null, tool_calls: [call("call_1"), call("call_2")] },
      { role: "tool", tool_call_id: "call_1", content: "21" },
      { role: "tool", tool_call_id: "call_2", content: "18" },
      { role: "assistant", content: "done" },
    ];
    expect(validateOpenAIRequest(recorded({ model: "gpt-4o", messages }))).to.equal(undefined);
  });

  it("answers 404 Invalid URL for another path", () => {
    const reply = errorOf(validateOpenAIRequest(recorded({}, { path: "/v1/chat/completion" })));
    expect(reply.status).to.equal(404);
    expect(reply.error.message).to.equal("Invalid URL (POST /v1/chat/completion)");
  });

  it("answers 401 without a bearer key", () => {
    const reply = errorOf(validateOpenAIRequest(recorded({ model: "m", messages: [user] }, { headers: {} })));
    expect(reply.status).to.equal(401);
  });

  it("rejects a tool call id over 40 characters with string_above_max_length", () => {
    const messages = [
      user,
      { role: "assistant", content: null, tool_calls: [call("x".repeat(41))] },
      { role: "tool", tool_call_id: "x".repeat(41), content: "1" },
    ];
    const reply = errorOf(validateOpenAIRequest(recorded({ model: "gpt-4o", messages })));
    expect(reply.status).to.equal(400);
    expect(reply.error.code).to.equal("string_above_max_length");
    expect(reply.error.param).to.equal("messages[1].tool_calls[0].id");
  });

  it("rejects a tool message with no assistant tool_calls before it", () => {
    const reply = errorOf(
      validateOpenAIRequest(
        recorded({ model: "gpt-4o", messages: [user, { role: "tool", tool_call_id: "a", content: "1" }] }),
      ),
    );
    expect(reply.error.param).to.equal("messages.[1].role");
    expect(reply.error.message).to.include("must be a response to a preceeding message with 'tool_calls'");
  });

  it("rejects a tool message answering an id the assistant turn did not make", () => {
    const messages = [
      user,
      { role: "assistant", content: null, tool_calls: [call("call_1")] },
      { role: "tool", tool_call_id: "call_9", content: "1" },
    ];
    const reply = errorOf(validateOpenAIRequest(recorded({ model: "gpt-4o", messages })));
    expect(reply.error.param).to.equal("messages.[2].tool_call_id");
  });

  it("rejects a tool call left unanswered before the next user message", () => {
    const messages = [
      user,
      { role: "assistant", content: null, tool_calls: [call("call_1"), call("call_2")] },
      { role: "tool", tool_call_id: "call_1", content: "1" },
      user,
    ];
    const reply = errorOf(validateOpenAIRequest(recorded({ model: "gpt-4o", messages })));
    expect(reply.error.message).to.include("did not have response messages: call_2");
    expect(reply.error.param).to.equal("messages.[1].role");
  });

  it("rejects a tool call left unanswered at the end of the history", () => {
    const messages = [user, { role: "assistant", content: null, tool_calls: [call("call_1")] }];
    expect(errorOf(validateOpenAIRequest(recorded({ model: "gpt-4o", messages }))).error.message).to.include(
      "call_1",
    );
  });

  it("rejects tool call arguments that are not a JSON string", () => {
    const messages = [
      user,
      { role: "assistant", content: null, tool_calls: [call("call_1", "{city: Paris")] },
      { role: "tool", tool_call_id: "call_1", content: "1" },
    ];
    const reply = errorOf(validateOpenAIRequest(recorded({ model: "gpt-4o", messages })));
    expect(reply.error.param).to.equal("messages[1].tool_calls[0].function.arguments");
  });

  it("rejects a message property OpenAI does not know, such as the runtime's extension field", () => {
    const messages = [user, { role: "assistant", content: "x", llm_runtime: { providerType: "google" } }];
    const reply = errorOf(validateOpenAIRequest(recorded({ model: "gpt-4o", messages })));
    expect(reply.error.message).to.include("'llm_runtime' was unexpected");
  });

  it("rejects max_tokens on a reasoning model with the recorded unsupported_parameter error", () => {
    const reply = errorOf(
      validateOpenAIRequest(recorded({ model: "o3-mini", messages: [user], max_tokens: 10 })),
    );
    expect(reply.status).to.equal(400);
    expect(reply.error).to.deep.include({ param: "max_tokens", code: "unsupported_parameter" });
  });

  it("accepts max_tokens on a non-reasoning model", () => {
    expect(validateOpenAIRequest(recorded({ model: "gpt-4o", messages: [user], max_tokens: 10 }))).to.equal(
      undefined,
    );
  });
});

describe("validateOpenAIRequest: request fields by model (ChatCompletionCreateParams, reasoning guide)", () => {
  const body = (model: string, extra: Record<string, unknown>) => ({ model, messages: [user], ...extra });

  for (const field of ["topK", "stop_sequences", "thinking", "maxOutputTokens", "output_config"]) {
    it(`refuses the foreign field ${field}`, () => {
      expect(errorOf(validateOpenAIRequest(recorded(body("gpt-4o", { [field]: 1 })))).error.message).to.equal(
        `Unrecognized request argument supplied: ${field}`,
      );
    });
  }

  it("refuses reasoning_effort for gpt-4o and gpt-4.1, passes it for o3 and gpt-5", () => {
    for (const model of ["gpt-4o", "gpt-4.1", "gpt-5-chat-latest"]) {
      expect(
        errorOf(validateOpenAIRequest(recorded(body(model, { reasoning_effort: "low" })))).error.param,
      ).to.equal("reasoning_effort");
    }
    for (const model of ["o3", "gpt-5", "gpt-5-mini"]) {
      expect(validateOpenAIRequest(recorded(body(model, { reasoning_effort: "low" })))).to.equal(undefined);
    }
  });

  it("refuses stop for o3 and o4-mini, passes it for gpt-4o", () => {
    for (const model of ["o3", "o3-2025-04-16", "o4-mini"]) {
      expect(errorOf(validateOpenAIRequest(recorded(body(model, { stop: ["END"] })))).error.code).to.equal(
        "unsupported_parameter",
      );
    }
    expect(validateOpenAIRequest(recorded(body("gpt-4o", { stop: ["END"] })))).to.equal(undefined);
  });
});
