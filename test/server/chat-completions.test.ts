import { request as httpRequest } from "node:http";
import { expect } from "chai";
import OpenAI from "openai";
import {
  anthropicErrorReply,
  anthropicJsonReply,
  anthropicMessage,
  anthropicStreamReply,
  openAIChatCompletion,
  openAIChunkEvents,
  openAIErrorReply,
  openAIJsonReply,
  openAISseReply,
} from "../../src/testing/index.js";
import { CANARY, type Gateway, startGateway } from "./gateway-fixture.js";

/** A raw streamed POST, to read what fetch hides: the HTTP trailers. */
function postForTrailers(url: string, body: unknown) {
  return new Promise<{ text: string; trailers: NodeJS.Dict<string> }>((resolve, reject) => {
    const request = httpRequest(
      `${url}/v1/chat/completions`,
      {
        method: "POST",
        headers: { authorization: `Bearer ${CANARY.gatewayKey}`, "content-type": "application/json" },
      },
      (response) => {
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (piece: string) => {
          text += piece;
        });
        response.on("end", () => resolve({ text, trailers: response.trailers }));
      },
    );
    request.on("error", reject);
    request.end(JSON.stringify(body));
  });
}

const WEATHER_TOOL: OpenAI.ChatCompletionTool = {
  type: "function",
  function: {
    name: "get_weather",
    parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
  },
};

describe("gateway: POST /v1/chat/completions through the OpenAI SDK", () => {
  let gateway: Gateway;
  beforeEach(async () => {
    gateway = await startGateway();
  });
  afterEach(async () => {
    await gateway.close();
  });

  it("answers a text request with a real chat.completion and says who answered in headers", async () => {
    gateway.fakes.openai.enqueue(
      openAIJsonReply(
        openAIChatCompletion({ content: "Hello!", usage: { promptTokens: 12, completionTokens: 3 } }),
      ),
    );
    const { data, response } = await gateway
      .sdk()
      .chat.completions.create({
        model: "default",
        messages: [{ role: "user", content: "Hi" }],
        temperature: 0.2,
        max_tokens: 50,
      })
      .withResponse();
    expect(data.object).to.equal("chat.completion");
    expect(data.id).to.match(/^chatcmpl-/);
    expect(data.choices[0].message).to.include({ role: "assistant", content: "Hello!" });
    expect(data.choices[0].finish_reason).to.equal("stop");
    expect(data.usage).to.include({ prompt_tokens: 12, completion_tokens: 3, total_tokens: 15 });
    expect(response.headers.get("x-llm-provider")).to.equal("openai");
    expect(response.headers.get("x-llm-model")).to.equal("gpt-4o");
    expect(response.headers.get("x-llm-attempts")).to.equal("1");
    const sent = gateway.fakes.openai.requests[0];
    expect(sent.body).to.deep.include({ model: "gpt-4o", messages: [{ role: "user", content: "Hi" }] });
    // The request's own params go on as per-call params.
    expect(sent.body).to.deep.include({ temperature: 0.2 });
    expect(JSON.stringify(sent.body)).to.match(/"max_(completion_)?tokens":50/);
  });

  it("runs a tool loop: the tool call comes back, the tool result goes up, the answer follows", async () => {
    gateway.fakes.openai.enqueue(
      openAIJsonReply(
        openAIChatCompletion({
          toolCalls: [{ id: "call_w1", name: "get_weather", arguments: { city: "Oslo" } }],
        }),
      ),
      openAIJsonReply(openAIChatCompletion({ content: "It is 3 °C in Oslo." })),
    );
    const sdk = gateway.sdk();
    const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: "user", content: "Weather in Oslo?" }];
    const first = await sdk.chat.completions.create({ model: "default", messages, tools: [WEATHER_TOOL] });
    expect(first.choices[0].finish_reason).to.equal("tool_calls");
    const call = first.choices[0].message.tool_calls?.[0];
    expect(call).to.deep.include({ id: "call_w1", type: "function" });
    expect(call?.type === "function" && JSON.parse(call.function.arguments)).to.deep.equal({ city: "Oslo" });
    messages.push(first.choices[0].message, { role: "tool", tool_call_id: "call_w1", content: "3 °C" });
    const second = await sdk.chat.completions.create({ model: "default", messages, tools: [WEATHER_TOOL] });
    expect(second.choices[0].message.content).to.equal("It is 3 °C in Oslo.");
    const upstream = gateway.fakes.openai.requests[1].body as { messages: unknown[] };
    expect(upstream.messages.at(-1)).to.deep.equal({
      role: "tool",
      tool_call_id: "call_w1",
      content: "3 °C",
    });
  });

  it("falls back to the next provider when the first fails, and says so in the headers", async () => {
    gateway.fakes.openai.enqueue(openAIErrorReply({ status: 503, message: "overloaded" }));
    gateway.fakes.anthropic.enqueue(anthropicJsonReply(anthropicMessage({ text: "From Claude." })));
    const { data, response } = await gateway
      .sdk()
      .chat.completions.create({ model: "default", messages: [{ role: "user", content: "Hi" }] })
      .withResponse();
    expect(data.choices[0].message.content).to.equal("From Claude.");
    expect(data.model).to.equal("claude-sonnet-4-6");
    expect(response.headers.get("x-llm-provider")).to.equal("anthropic");
    expect(response.headers.get("x-llm-attempts")).to.equal("2");
  });

  it("pins one model of a client with <client>/<model>: no fallback", async () => {
    gateway.fakes.anthropic.enqueue(anthropicJsonReply(anthropicMessage({ text: "Pinned." })));
    const data = await gateway.sdk().chat.completions.create({
      model: "default/claude-sonnet-4-6",
      messages: [{ role: "user", content: "Hi" }],
    });
    expect(data.choices[0].message.content).to.equal("Pinned.");
    expect(gateway.fakes.openai.requests).to.have.length(0);
  });

  it("streams chunks with tool calls and a usage chunk, as OpenAI does", async () => {
    gateway.fakes.openai.enqueue(
      openAISseReply(
        openAIChunkEvents({
          textPieces: ["Let me ", "check."],
          toolCalls: [{ id: "call_s1", name: "get_weather", arguments: { city: "Rome" } }],
          usage: { promptTokens: 20, completionTokens: 9 },
        }),
      ),
    );
    const { data: stream, response } = await gateway
      .sdk()
      .chat.completions.create({
        model: "default",
        messages: [{ role: "user", content: "Weather in Rome?" }],
        tools: [WEATHER_TOOL],
        stream: true,
        stream_options: { include_usage: true },
      })
      .withResponse();
    expect(response.headers.get("content-type")).to.match(/^text\/event-stream/);
    const chunks: OpenAI.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    const text = chunks.map((chunk) => chunk.choices[0]?.delta.content ?? "").join("");
    expect(text).to.equal("Let me check.");
    const toolDeltas = chunks.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? []);
    expect(toolDeltas[0]).to.deep.include({ index: 0, id: "call_s1", type: "function" });
    expect(toolDeltas.map((delta) => delta.function?.arguments ?? "").join("")).to.equal('{"city":"Rome"}');
    const finish = chunks.find((chunk) => chunk.choices[0]?.finish_reason);
    expect(finish?.choices[0].finish_reason).to.equal("tool_calls");
    const last = chunks.at(-1);
    expect(last?.choices).to.deep.equal([]);
    expect(last?.usage).to.include({ prompt_tokens: 20, completion_tokens: 9, total_tokens: 29 });
    expect(chunks.every((chunk) => chunk.object === "chat.completion.chunk")).to.equal(true);
    expect(gateway.fakes.openai.requests[0].body).to.deep.include({ stream: true });
  });

  it("streams through the SDK's stream helper to one final completion", async () => {
    gateway.fakes.openai.enqueue(openAISseReply(openAIChunkEvents({ textPieces: ["Hel", "lo"] })));
    const runner = gateway.sdk().chat.completions.stream({
      model: "default",
      messages: [{ role: "user", content: "Hi" }],
    });
    const final = await runner.finalChatCompletion();
    expect(final.choices[0].message.content).to.equal("Hello");
    expect(final.choices[0].finish_reason).to.equal("stop");
  });

  it("streams from the fallback when the primary fails before the first chunk", async () => {
    gateway.fakes.openai.enqueue(openAIErrorReply({ status: 500 }));
    gateway.fakes.anthropic.enqueue(anthropicStreamReply({ text: "From Claude." }));
    const { data: stream, response } = await gateway
      .sdk()
      .chat.completions.create({
        model: "default",
        messages: [{ role: "user", content: "Hi" }],
        stream: true,
      })
      .withResponse();
    let text = "";
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? "";
    expect(text).to.equal("From Claude.");
    expect(response.status).to.equal(200);
  });

  it("answers an HTTP error, not a broken stream, when every target fails before the first chunk", async () => {
    gateway.fakes.openai.enqueue(openAIErrorReply({ status: 500 }));
    gateway.fakes.anthropic.enqueue(anthropicErrorReply({ status: 529 }));
    let failure: unknown;
    try {
      const stream = await gateway.sdk().chat.completions.create({
        model: "default",
        messages: [{ role: "user", content: "Hi" }],
        stream: true,
      });
      for await (const _chunk of stream) {
        // drained
      }
    } catch (error) {
      failure = error;
    }
    // Both failed before any chunk: an HTTP error with its status, not a broken stream.
    expect((failure as { status?: number }).status).to.equal(503);
  });

  it("names the provider, model and attempts of a stream in its HTTP trailers", async () => {
    gateway.fakes.openai.enqueue(openAIErrorReply({ status: 503 }));
    gateway.fakes.anthropic.enqueue(anthropicStreamReply({ text: "Trailing." }));
    const { text, trailers } = await postForTrailers(gateway.url, {
      model: "default",
      messages: [{ role: "user", content: "Hi" }],
      stream: true,
    });
    expect(text).to.include("Trailing.");
    expect(text.trimEnd().endsWith("data: [DONE]")).to.equal(true);
    expect(trailers).to.include({
      "x-llm-provider": "anthropic",
      "x-llm-model": "claude-sonnet-4-6",
      "x-llm-attempts": "2",
    });
  });

  it("ends a stream that fails after its first chunk with OpenAI's error event, which the SDK throws", async () => {
    gateway.fakes.openai.enqueue(
      openAISseReply(openAIChunkEvents({ textPieces: ["Half ", "a reply"] }), { cutAfterEvents: 2 }),
    );
    const stream = await gateway.sdk().chat.completions.create({
      model: "default",
      messages: [{ role: "user", content: "Hi" }],
      stream: true,
    });
    let text = "";
    let failure: unknown;
    try {
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? "";
    } catch (error) {
      failure = error;
    }
    expect(text).to.equal("Half ");
    expect(failure).to.be.instanceOf(OpenAI.APIError);
    expect((failure as InstanceType<typeof OpenAI.APIError>).message).to.include("openai");
    // Never restarted on the fallback once text had gone out.
    expect(gateway.fakes.anthropic.requests).to.have.length(0);
  });

  it("sends a developer message on as a system message, which every provider understands", async () => {
    gateway.fakes.anthropic.enqueue(anthropicJsonReply(anthropicMessage({ text: "Arr." })));
    await gateway.sdk().chat.completions.create({
      model: "default/claude-sonnet-4-6",
      messages: [
        { role: "developer", content: "Talk like a pirate." },
        { role: "user", content: "Hi" },
      ],
    });
    expect(gateway.fakes.anthropic.requests[0].body).to.deep.include({
      system: [{ type: "text", text: "Talk like a pirate." }],
    });
  });
});
