import { expect } from "chai";
import { pino } from "pino";
import {
  type ChatMessage,
  createRuntime,
  type Runtime,
  type ToolDefinition,
  toAssistantMessage,
} from "../../../src/index.js";
import {
  type GoogleFakeServer,
  googleGenerateContentResponse,
  googleJsonReply,
  startGoogleFakeServer,
} from "../../../src/testing/protocols/google-protocol.js";

const KEY = "gemini-test-key-5e4d3c2b1a09";
const MODEL = "gemini-3-pro-preview";

const LOOKUP: ToolDefinition = {
  type: "function",
  function: {
    name: "lookup_city",
    description: "Find a city",
    parameters: {
      type: "object",
      properties: { name: { type: "string" } },
      required: ["name"],
      additionalProperties: false,
    },
  },
};
const WEATHER: ToolDefinition = {
  type: "function",
  function: {
    name: "get_weather",
    parameters: { type: "object", properties: { location: { type: "string" } }, required: ["location"] },
  },
};
const DECLARATIONS = [
  {
    name: "lookup_city",
    description: "Find a city",
    parametersJsonSchema: LOOKUP.function.parameters,
  },
  { name: "get_weather", parametersJsonSchema: WEATHER.function.parameters },
];

describe("google plugin: a five-turn tool conversation through createRuntime", () => {
  let server: GoogleFakeServer;
  let runtime: Runtime;

  beforeEach(async () => {
    server = await startGoogleFakeServer();
    runtime = await createRuntime({
      config: {
        plugins: ["google"],
        providers: { gemini: { type: "google", apiKey: KEY, baseURL: server.url } },
        clients: {
          default: { provider: "gemini", model: MODEL, params: { temperature: 0.2, max_tokens: 512 } },
        },
      },
      env: {},
      logger: pino({ level: "silent" }),
    });
  });

  afterEach(async () => {
    await runtime.close();
    await server.close();
  });

  it("sends every turn's full history, echoes ids and signatures, and keeps parallel results of one function apart", async () => {
    server.enqueue(
      googleJsonReply(
        googleGenerateContentResponse({
          thought: "I should find the city first.",
          text: "Let me look that up.",
          functionCalls: [
            { id: "fc-1", name: "lookup_city", args: { name: "SF" }, thoughtSignature: "sig-turn-1" },
          ],
          responseId: "resp-1",
        }),
      ),
      googleJsonReply(
        googleGenerateContentResponse({
          // Two id-less parallel calls to one function; Gemini signs only the first of parallel calls.
          functionCalls: [
            { name: "get_weather", args: { location: "San Francisco" }, thoughtSignature: "sig-turn-2" },
            { name: "get_weather", args: { location: "Tokyo" } },
          ],
          responseId: "resp-2",
        }),
      ),
      googleJsonReply(
        googleGenerateContentResponse({
          text: "Tokyo is warmer (25°C vs 18°C).",
          textSignature: "sig-turn-3",
        }),
      ),
    );
    const client = runtime.client();
    const history: ChatMessage[] = [
      { role: "system", content: "Use the tools." },
      { role: "user", content: "Which is warmer, SF or Tokyo?" },
    ];
    const call = () => client.generateResponse([...history], [LOOKUP, WEATHER], "auto");

    const first = await call();
    expect(first.finishReason).to.equal("tool_calls");
    expect(first.reasoningInfo?.reasoningText).to.equal("I should find the city first.");
    history.push(toAssistantMessage(first), {
      role: "tool",
      tool_call_id: "fc-1",
      content: '{"city":"San Francisco, CA"}',
    });

    const second = await call();
    const [sfCall, tokyoCall] = second.toolCalls ?? [];
    expect(sfCall.id).to.not.equal(tokyoCall.id);
    expect(JSON.parse(sfCall.function.arguments)).to.deep.equal({ location: "San Francisco" });
    // The results come back in the opposite order of the calls.
    history.push(
      toAssistantMessage(second),
      { role: "tool", tool_call_id: tokyoCall.id, content: '{"celsius":25}' },
      { role: "tool", tool_call_id: sfCall.id, content: '{"celsius":18}' },
    );

    const answer = await call();
    expect(answer.content).to.equal("Tokyo is warmer (25°C vs 18°C).");
    expect(answer.finishReason).to.equal("stop");

    const user = { role: "user", parts: [{ text: "Which is warmer, SF or Tokyo?" }] };
    const modelTurn1 = {
      role: "model",
      parts: [
        { text: "Let me look that up." },
        {
          functionCall: { name: "lookup_city", args: { name: "SF" }, id: "fc-1" },
          thoughtSignature: "sig-turn-1",
        },
      ],
    };
    const results1 = {
      role: "user",
      parts: [
        {
          functionResponse: {
            name: "lookup_city",
            response: { output: { city: "San Francisco, CA" } },
            id: "fc-1",
          },
        },
      ],
    };
    const modelTurn2 = {
      role: "model",
      parts: [
        {
          functionCall: { name: "get_weather", args: { location: "San Francisco" } },
          thoughtSignature: "sig-turn-2",
        },
        { functionCall: { name: "get_weather", args: { location: "Tokyo" } } },
      ],
    };
    const results2 = {
      role: "user",
      parts: [
        { functionResponse: { name: "get_weather", response: { output: { celsius: 18 } } } },
        { functionResponse: { name: "get_weather", response: { output: { celsius: 25 } } } },
      ],
    };
    const expectedContents = [
      [user],
      [user, modelTurn1, results1],
      [user, modelTurn1, results1, modelTurn2, results2],
    ];

    expect(server.requests).to.have.length(3);
    for (const [index, sent] of server.requests.entries()) {
      expect(sent.path).to.equal(`/v1beta/models/${MODEL}:generateContent`);
      expect(sent.headers["x-goog-api-key"]).to.equal(KEY);
      expect((sent.reply as { status?: number }).status, "the validator accepted the turn").to.equal(
        undefined,
      );
      expect(sent.body).to.deep.equal({
        contents: expectedContents[index],
        systemInstruction: { parts: [{ text: "Use the tools." }] },
        generationConfig: { temperature: 0.2, maxOutputTokens: 512 },
        tools: [{ functionDeclarations: DECLARATIONS }],
        toolConfig: { functionCallingConfig: { mode: "AUTO" } },
      });
    }
  });

  it("replays a tool conversation another provider wrote to Gemini 3 with Google's skip placeholder, and Gemini accepts it", async () => {
    server.enqueue(googleJsonReply(googleGenerateContentResponse({ text: "Done." })));
    const fromOpenAI: ChatMessage[] = [
      { role: "user", content: "Weather in Paris and Lima?" },
      {
        role: "assistant",
        content: null,
        tool_calls: [
          {
            id: "call_Xy12",
            type: "function",
            function: { name: "get_weather", arguments: '{"location":"Paris"}' },
          },
          {
            id: "call_Ab34",
            type: "function",
            function: { name: "get_weather", arguments: '{"location":"Lima"}' },
          },
        ],
      },
      { role: "tool", tool_call_id: "call_Ab34", content: "Lima: 19" },
      { role: "tool", tool_call_id: "call_Xy12", content: "Paris: 12" },
    ];
    const output = await runtime.client().generateResponse(fromOpenAI, [WEATHER]);
    expect(output.content).to.equal("Done.");
    const contents = (server.requests[0].body as { contents: Array<{ parts: Record<string, unknown>[] }> })
      .contents;
    expect(contents[1].parts.map((part) => part.thoughtSignature)).to.deep.equal([
      "skip_thought_signature_validator",
      "skip_thought_signature_validator",
    ]);
    expect(contents[2].parts.map((part) => part.functionResponse)).to.deep.equal([
      { name: "get_weather", response: { output: "Paris: 12" } },
      { name: "get_weather", response: { output: "Lima: 19" } },
    ]);
  });
});
