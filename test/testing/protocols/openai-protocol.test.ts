import { expect } from "chai";
import OpenAI from "openai";
import type { FakeServer } from "../../../src/testing/fake-server.js";
import { OPENAI_ERRORS } from "../../../src/testing/protocols/openai-error-replies.js";
import {
  openAIChatCompletion,
  openAIChunkEvents,
  openAIErrorReply,
  openAIJsonReply,
  openAISseReply,
  startOpenAIFakeServer,
} from "../../../src/testing/protocols/openai-protocol.js";
import { readRecordedChunks } from "../../../src/testing/recorded-fixtures.js";

const KEY = "sk-protocol-test-0000111122223333";

describe("OpenAI protocol module, read by the real SDK", () => {
  let server: FakeServer;
  let sdk: OpenAI;

  beforeEach(async () => {
    server = await startOpenAIFakeServer();
    sdk = new OpenAI({ apiKey: KEY, baseURL: `${server.url}/v1`, maxRetries: 0 });
  });

  afterEach(async () => {
    await server.close();
  });

  async function streamText(): Promise<{
    text: string;
    toolArguments: string[];
    usage: unknown;
    finish: unknown;
  }> {
    const stream = await sdk.chat.completions.create({
      model: "gpt-4o",
      messages: [{ role: "user", content: "x" }],
      stream: true,
    });
    let text = "";
    const toolArguments: string[] = [];
    let usage: unknown;
    let finish: unknown;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? "";
      for (const call of chunk.choices[0]?.delta.tool_calls ?? []) {
        toolArguments[call.index] = (toolArguments[call.index] ?? "") + (call.function?.arguments ?? "");
      }
      finish = chunk.choices[0]?.finish_reason ?? finish;
      usage = chunk.usage ?? usage;
    }
    return { text, toolArguments, usage, finish };
  }

  it("builds a chat.completion the SDK returns as it was sent", async () => {
    const body = openAIChatCompletion({ content: "hi", usage: { promptTokens: 3, completionTokens: 1 } });
    server.enqueue(openAIJsonReply(body));
    const completion = await sdk.chat.completions.create({
      model: "gpt-4o",
      messages: [{ role: "user", content: "x" }],
    });
    expect(completion).to.deep.equal(body);
  });

  it("builds a chunk stream the SDK reads into the text, tool arguments, finish reason and usage", async () => {
    server.enqueue(
      openAISseReply(
        openAIChunkEvents({
          textPieces: ["Hel", "lo"],
          toolCalls: [{ id: "call_1", name: "f", arguments: { a: 1 } }],
          usage: { promptTokens: 5, completionTokens: 2 },
        }),
      ),
    );
    const result = await streamText();
    expect(result.text).to.equal("Hello");
    expect(result.toolArguments).to.deep.equal(['{"a":1}']);
    expect(result.finish).to.equal("tool_calls");
    expect(result.usage).to.deep.include({ prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 });
  });

  it("replays the recorded openai-text stream with [DONE] added", async function () {
    const events = readRecordedChunks("openai", "openai-text");
    if (events === undefined) {
      console.log("    (skipped: ../shared/fixtures/recorded is absent)");
      this.skip();
    }
    server.enqueue(openAISseReply(events, { withDone: true }));
    const result = await streamText();
    expect(result.text).to.match(/^\*\*Holiday Name:\*\*/);
    expect(result.usage).to.deep.include({ prompt_tokens: 16, completion_tokens: 300 });
  });

  it("builds an error the SDK reads with its status, code, param, type and request id", async () => {
    server.enqueue(
      openAIErrorReply({
        status: 400,
        message: "bad",
        param: "messages",
        code: "context_length_exceeded",
        requestId: "req_x",
      }),
    );
    const error = (await sdk.chat.completions
      .create({ model: "gpt-4o", messages: [{ role: "user", content: "x" }] })
      .catch((caught: unknown) => caught)) as InstanceType<typeof OpenAI.APIError>;
    expect(error).to.be.instanceOf(OpenAI.BadRequestError);
    expect({
      code: error.code,
      param: error.param,
      type: error.type,
      requestID: error.requestID,
    }).to.deep.equal({
      code: "context_length_exceeded",
      param: "messages",
      type: "invalid_request_error",
      requestID: "req_x",
    });
  });

  it("masks the key in the invalid-key error as OpenAI does, keeping only its ends", () => {
    const reply = OPENAI_ERRORS.invalidApiKey(KEY) as { body: { error: { message: string } } };
    expect(reply.body.error.message).not.to.include(KEY);
    expect(reply.body.error.message).to.include("sk-").and.to.include("3333");
  });

  it("sends retry-after, retry-after-ms and x-should-retry headers as asked", () => {
    const reply = OPENAI_ERRORS.rateLimit({ retryAfter: "2", retryAfterMs: "1500" }) as {
      headers: Record<string, string>;
    };
    expect(reply.headers).to.deep.include({
      "retry-after": "2",
      "retry-after-ms": "1500",
      "x-request-id": "req_rate_limit",
    });
    const noRetry = openAIErrorReply({ status: 500, shouldRetry: "false" }) as {
      headers: Record<string, string>;
    };
    expect(noRetry.headers["x-should-retry"]).to.equal("false");
  });
});
