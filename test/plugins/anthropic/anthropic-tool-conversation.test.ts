import { expect } from "chai";
import { pino } from "pino";
import {
  type ChatMessage,
  createRuntime,
  type LLMClient,
  type Runtime,
  type ToolDefinition,
  toAssistantMessage,
} from "../../../src/index.js";
import type { FakeServer } from "../../../src/testing/fake-server.js";
import {
  anthropicJsonReply,
  anthropicMessage,
  startAnthropicFakeServer,
} from "../../../src/testing/protocols/anthropic-protocol.js";

const MODEL = "claude-sonnet-4-6";
const KEY = "sk-ant-conversation-test";

const WEATHER: ToolDefinition = {
  type: "function",
  function: {
    name: "get_weather",
    description: "Current weather for a city",
    parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
  },
};
const TIME: ToolDefinition = {
  type: "function",
  function: {
    name: "get_time",
    description: "Local time in a city",
    parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
  },
};
const WIRE_TOOLS = [
  {
    name: "get_weather",
    description: "Current weather for a city",
    input_schema: WEATHER.function.parameters,
  },
  { name: "get_time", description: "Local time in a city", input_schema: TIME.function.parameters },
];
const THINKING = { type: "thinking", thinking: "Paris weather first.", signature: "EqQBCkgIARABGAIiQL" };

describe("an Anthropic tool-calling conversation through the public API", () => {
  let server: FakeServer;
  let runtime: Runtime;
  let client: LLMClient;

  beforeEach(async () => {
    server = await startAnthropicFakeServer();
    runtime = await createRuntime({
      config: {
        plugins: ["anthropic"],
        providers: { claude: { type: "anthropic", apiKey: KEY, baseURL: server.url } },
        clients: { default: { provider: "claude", model: MODEL } },
      },
      env: {},
      logger: pino({ level: "silent" }),
    });
    client = runtime.client();
  });

  afterEach(async () => {
    await runtime.close();
    await server.close();
  });

  it("sends five turns (call, result, parallel calls, results, answer) with every body as Anthropic requires", async () => {
    server.enqueue(
      anthropicJsonReply(
        anthropicMessage({
          content: [
            THINKING,
            { type: "text", text: "Let me check Paris." },
            { type: "tool_use", id: "toolu_01", name: "get_weather", input: { city: "Paris" } },
          ],
          stopReason: "tool_use",
        }),
      ),
      anthropicJsonReply(
        anthropicMessage({
          toolUses: [
            { id: "toolu_02", name: "get_weather", input: { city: "Tokyo" } },
            { id: "toolu_03", name: "get_time", input: { city: "Tokyo" } },
          ],
        }),
      ),
      anthropicJsonReply(
        anthropicMessage({
          text: "Paris: 21°C. Tokyo: 18°C, 22:00.",
          usage: { inputTokens: 300, outputTokens: 20, cacheReadInputTokens: 200 },
        }),
      ),
    );
    const history: ChatMessage[] = [
      { role: "system", content: "You are a concise travel assistant." },
      { role: "user", content: "Weather in Paris, then weather and time in Tokyo?" },
    ];

    const first = await client.generateResponse(history, [WEATHER, TIME], "auto");
    expect(first.finishReason).to.equal("tool_calls");
    expect(first.toolCalls?.map((call) => call.id)).to.deep.equal(["toolu_01"]);
    history.push(toAssistantMessage(first));
    history.push({ role: "tool", tool_call_id: "toolu_01", content: '{"celsius":21}' });

    const second = await client.generateResponse(history, [WEATHER, TIME], "auto");
    expect(second.toolCalls?.map((call) => call.function.name)).to.deep.equal(["get_weather", "get_time"]);
    history.push(toAssistantMessage(second));
    history.push({ role: "tool", tool_call_id: "toolu_02", content: '{"celsius":18}' });
    history.push({ role: "tool", tool_call_id: "toolu_03", content: "22:00" });

    const answer = await client.generateResponse(history, [WEATHER, TIME], "auto");
    expect(answer.content).to.equal("Paris: 21°C. Tokyo: 18°C, 22:00.");
    expect(answer.usage).to.deep.equal({
      promptTokens: 500,
      completionTokens: 20,
      totalTokens: 520,
      cachedTokens: 200,
      cacheWriteTokens: 0,
    });

    expect(server.requests).to.have.length(3);
    for (const request of server.requests) {
      const status = request.reply && "status" in request.reply ? (request.reply.status ?? 200) : 200;
      expect(status, "the fake server's Anthropic rules accepted the request").to.equal(200);
      expect(request.headers.authorization).to.equal(`Bearer ${KEY}`);
    }
    const system = [{ type: "text", text: "You are a concise travel assistant." }];
    const ask = {
      role: "user",
      content: [{ type: "text", text: "Weather in Paris, then weather and time in Tokyo?" }],
    };
    const common = {
      model: MODEL,
      max_tokens: 4096,
      system,
      tools: WIRE_TOOLS,
      tool_choice: { type: "auto" },
    };
    const turn1 = {
      role: "assistant",
      content: [
        THINKING,
        { type: "text", text: "Let me check Paris." },
        { type: "tool_use", id: "toolu_01", name: "get_weather", input: { city: "Paris" } },
      ],
    };
    const result1 = {
      role: "user",
      content: [{ type: "tool_result", tool_use_id: "toolu_01", content: '{"celsius":21}' }],
    };
    const turn2 = {
      role: "assistant",
      content: [
        { type: "tool_use", id: "toolu_02", name: "get_weather", input: { city: "Tokyo" } },
        { type: "tool_use", id: "toolu_03", name: "get_time", input: { city: "Tokyo" } },
      ],
    };
    const result2 = {
      role: "user",
      content: [
        { type: "tool_result", tool_use_id: "toolu_02", content: '{"celsius":18}' },
        { type: "tool_result", tool_use_id: "toolu_03", content: "22:00" },
      ],
    };
    expect(server.requests[0].body).to.deep.equal({ ...common, messages: [ask] });
    expect(server.requests[1].body).to.deep.equal({ ...common, messages: [ask, turn1, result1] });
    expect(server.requests[2].body).to.deep.equal({
      ...common,
      messages: [ask, turn1, result1, turn2, result2],
    });
  });

  it("sends history written with another provider's ids with rewritten, still paired ids", async () => {
    server.enqueue(anthropicJsonReply(anthropicMessage({ text: "Done." })));
    const output = await client.generateResponse(
      [
        { role: "user", content: "Write the file." },
        {
          role: "assistant",
          content: null,
          tool_calls: [
            {
              id: "functions.write:0",
              type: "function",
              function: { name: "write", arguments: '{"path":"a"}' },
            },
          ],
        },
        { role: "tool", tool_call_id: "functions.write:0", content: "written" },
      ],
      [{ type: "function", function: { name: "write", parameters: { type: "object" } } }],
    );
    expect(output.content).to.equal("Done.");
    const body = server.requests[0].body as {
      messages: Array<{ content: Array<{ id?: string; tool_use_id?: string }> }>;
    };
    const id = body.messages[1].content[0].id;
    expect(id).to.match(/^[a-zA-Z0-9_-]+$/);
    expect(body.messages[2].content[0].tool_use_id).to.equal(id);
  });

  it("declares the history's tools, with tool_choice none, when the last call offers no tools", async () => {
    server.enqueue(anthropicJsonReply(anthropicMessage({ text: "Summary." })));
    await client.generateResponse([
      { role: "user", content: "Weather?" },
      {
        role: "assistant",
        content: "",
        tool_calls: [
          {
            id: "toolu_9",
            type: "function",
            function: { name: "get_weather", arguments: '{"city":"Oslo"}' },
          },
        ],
      },
      { role: "tool", tool_call_id: "toolu_9", content: "snow" },
      { role: "user", content: "Summarise without calling tools." },
    ]);
    const body = server.requests[0].body as Record<string, unknown>;
    expect(body.tools).to.deep.equal([
      { name: "get_weather", input_schema: { type: "object", properties: {} } },
    ]);
    expect(body.tool_choice).to.deep.equal({ type: "none" });
    expect((body.messages as unknown[])[2]).to.deep.equal({
      role: "user",
      content: [
        { type: "tool_result", tool_use_id: "toolu_9", content: "snow" },
        { type: "text", text: "Summarise without calling tools." },
      ],
    });
  });
});
