import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ChatMessage, type ToolDefinition, toAssistantMessage } from "../../index.js";
import type { ConformanceContext } from "./conformance-context.js";

const WEATHER_TOOL: ToolDefinition = {
  type: "function",
  function: {
    name: "get_weather",
    description: "Current weather for a city",
    parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
  },
};

/** A 1x1 transparent PNG. */
const PNG_BASE64 =
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

const ASK_WEATHER: ChatMessage[] = [{ role: "user", content: "What is the weather in Paris?" }];

export function declareOutputCases(context: ConformanceContext): void {
  const { it } = context.testApi;
  const { adapter } = context;

  it("returns plain text with finish reason stop, no tool calls and the prompt on the wire", async () => {
    const { server, client } = context.harness();
    server.enqueue(
      adapter.textReply("Hello from the fake server.", { promptTokens: 9, completionTokens: 5 }),
    );
    const output = await client.generateResponse([{ role: "user", content: "Say hello." }]);
    assert.equal(output.content, "Hello from the fake server.");
    assert.equal(output.finishReason, "stop");
    assert.equal(output.toolCalls, null);
    assert.equal(server.requests.length, 1);
    assert.ok(
      adapter.readWire(server.requests[0]).texts.includes("Say hello."),
      "the prompt reached the wire",
    );
  });

  it("returns one tool call with its id, name and JSON arguments, and declares the tool on the wire", async () => {
    const { server, client } = context.harness();
    server.enqueue(
      adapter.toolCallReply([{ id: "call_one", name: "get_weather", arguments: { city: "Paris" } }]),
    );
    const output = await client.generateResponse(ASK_WEATHER, [WEATHER_TOOL], "auto");
    assert.equal(output.finishReason, "tool_calls");
    assert.equal(output.toolCalls?.length, 1);
    const [call] = output.toolCalls ?? [];
    assert.equal(call.type, "function");
    assert.equal(call.function.name, "get_weather");
    assert.deepEqual(JSON.parse(call.function.arguments), { city: "Paris" });
    assert.ok(call.id.length > 0, "a tool call always has an id");
    assert.deepEqual(adapter.readWire(server.requests[0]).tools, ["get_weather"]);
  });

  it("keeps parallel tool calls in order with distinct ids", async () => {
    const { server, client } = context.harness();
    const cities = ["Paris", "Tokyo", "Lima"];
    server.enqueue(
      adapter.toolCallReply(
        cities.map((city, i) => ({ id: `call_${i}`, name: "get_weather", arguments: { city } })),
      ),
    );
    const output = await client.generateResponse(ASK_WEATHER, [WEATHER_TOOL], "auto");
    const calls = output.toolCalls ?? [];
    assert.deepEqual(
      calls.map((call) => JSON.parse(call.function.arguments).city),
      cities,
    );
    assert.equal(new Set(calls.map((call) => call.id)).size, cities.length, "ids are distinct");
  });

  it("sends a tool-result turn back paired with the call it answers", async () => {
    const { server, client } = context.harness();
    server.enqueue(
      adapter.toolCallReply([{ id: "call_rt", name: "get_weather", arguments: { city: "Paris" } }]),
    );
    server.enqueue(
      adapter.textReply("It is 21 degrees in Paris.", { promptTokens: 30, completionTokens: 8 }),
    );
    const first = await client.generateResponse(ASK_WEATHER, [WEATHER_TOOL], "auto");
    const callId = first.toolCalls?.[0]?.id ?? "";
    const history: ChatMessage[] = [
      ...ASK_WEATHER,
      toAssistantMessage(first),
      { role: "tool", tool_call_id: callId, content: '{"temperatureC":21}' },
    ];
    const second = await client.generateResponse(history, [WEATHER_TOOL], "auto");
    assert.equal(second.content, "It is 21 degrees in Paris.");
    const wire = adapter.readWire(server.requests[1]);
    assert.equal(wire.toolCalls.length, 1);
    assert.equal(wire.toolCalls[0].name, "get_weather");
    assert.deepEqual(wire.toolCalls[0].arguments, { city: "Paris" });
    assert.equal(wire.toolResults.length, 1);
    assert.ok(wire.toolResults[0].content.includes("21"), "the tool result reached the wire");
    if (wire.toolCalls[0].id !== undefined && wire.toolResults[0].id !== undefined) {
      assert.equal(wire.toolResults[0].id, wire.toolCalls[0].id, "the result answers the call's id");
    }
  });

  it("reports usage numbers with OpenAI's meaning", async () => {
    const { server, client } = context.harness();
    const usage = { promptTokens: 17, completionTokens: 6 };
    server.enqueue(adapter.textReply("Counted.", usage));
    const output = await client.generateResponse([{ role: "user", content: "Count." }]);
    assert.deepEqual(output.usage, adapter.expectedUsage(usage));
  });

  it("maps a finish reason it cannot know to 'other' and keeps the content", async () => {
    const { server, client } = context.harness();
    server.enqueue(adapter.unknownFinishReasonReply("Partial answer."));
    const output = await client.generateResponse([{ role: "user", content: "Go." }]);
    assert.equal(output.finishReason, "other");
    assert.equal(output.content, "Partial answer.");
  });

  it("sends an image attachment read by formatUserMessageWithFile as inline image data", async () => {
    const { server, client } = context.harness();
    const folder = await mkdtemp(join(tmpdir(), "llm-conformance-"));
    try {
      const file = join(folder, "pixel.png");
      await writeFile(file, Buffer.from(PNG_BASE64, "base64"));
      const message = await client.formatUserMessageWithFile("Describe this image.", file, "image/png", 1000);
      server.enqueue(adapter.textReply("A single pixel.", { promptTokens: 90, completionTokens: 4 }));
      await client.generateResponse([message]);
      const wire = adapter.readWire(server.requests[0]);
      assert.deepEqual(wire.images, [{ mimeType: "image/png", base64: PNG_BASE64 }]);
      assert.ok(wire.texts.includes("Describe this image."), "the prompt text travels with the image");
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
}
