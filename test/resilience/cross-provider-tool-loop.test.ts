import { expect } from "chai";
import { translateToolCallId } from "../../plugins/id-translation/index.js";
import {
  type ChatMessage,
  createRuntime,
  type LLMOutput,
  type Runtime,
  type ToolDefinition,
  toAssistantMessage,
} from "../../src/index.js";
import {
  type FakeServer,
  openAIChatCompletion,
  openAIErrorReply,
  openAIJsonReply,
  type RecordedRequest,
} from "../../src/testing/index.js";
import {
  anthropicErrorReply,
  anthropicJsonReply,
  anthropicMessage,
} from "../../src/testing/protocols/anthropic-protocol.js";
import {
  googleGenerateContentResponse,
  googleJsonReply,
} from "../../src/testing/protocols/google-protocol.js";
import {
  type ProviderFakeServers,
  startProviderFakeServers,
} from "../../src/testing/start-provider-fake-servers.js";
import { captureLogger } from "../kernel/runtime-fixture.js";
import { DECLARED_FORMATS } from "../plugins/id-translation/declared-formats.js";

const fromEnvironment = (name: string) => `\${${name}}`;
const GEMINI_MODEL = "gemini-3-pro-preview";

const TOOLS: ToolDefinition[] = ["get_weather", "read_file", "write_file"].map((name) => ({
  type: "function",
  function: {
    name,
    description: `${name} tool`,
    parameters: { type: "object", properties: { target: { type: "string" } }, required: ["target"] },
  },
}));

type Servers = ProviderFakeServers;

/** Client `default`: openai -> anthropic -> google, with fallback and id-translation, no retry. */
async function openRuntime(servers: Servers, plugins: string[]) {
  const { logger } = captureLogger();
  return createRuntime({
    config: {
      plugins: ["openai", "anthropic", "google", "fallback", ...plugins],
      providers: {
        openai: {
          type: "openai",
          apiKey: fromEnvironment("OPENAI_API_KEY"),
          baseURL: `${servers.openai.url}/v1`,
        },
        anthropic: {
          type: "anthropic",
          apiKey: fromEnvironment("ANTHROPIC_API_KEY"),
          baseURL: servers.anthropic.url,
        },
        gemini: { type: "google", apiKey: fromEnvironment("GEMINI_API_KEY"), baseURL: servers.google.url },
      },
      clients: {
        default: {
          provider: "openai",
          model: "gpt-4o",
          timeoutMs: 20_000,
          params: { max_tokens: 1024 },
          fallbacks: [
            { provider: "anthropic", model: "claude-sonnet-4-6" },
            { provider: "gemini", model: GEMINI_MODEL },
          ],
        },
      },
    },
    env: {
      OPENAI_API_KEY: "sk-test-openai-0000",
      ANTHROPIC_API_KEY: "sk-ant-test-0000",
      GEMINI_API_KEY: "AIzaTest0000",
    },
    logger,
  });
}

const call = (id: string, name: string, target: string) => ({ id, name, arguments: { target } });

/**
 * Six turns: OpenAI answers turns 1, 2, 4 and 6; on turn 3 it fails (503) and Anthropic answers
 * with a thinking block and a tool call; on turn 5 OpenAI (503) and Anthropic (529) fail and
 * Gemini 3 answers with two parallel calls of one function, the first with a thought signature.
 */
function scriptTheLoop(servers: Servers, turnTwoIds: [string, string]) {
  servers.openai.enqueue(
    openAIJsonReply(
      openAIChatCompletion({
        toolCalls: [call("call_Wx1pT9", "get_weather", "Paris"), call("call_Wx2qK4", "get_weather", "Tokyo")],
      }),
    ),
    openAIJsonReply(
      openAIChatCompletion({
        toolCalls: [call(turnTwoIds[0], "read_file", "a.txt"), call(turnTwoIds[1], "read_file", "b.txt")],
      }),
    ),
    openAIErrorReply({ status: 503, message: "The server is overloaded" }),
    openAIJsonReply(openAIChatCompletion({ toolCalls: [call("call_Rd4mZ2", "read_file", "c.txt")] })),
    openAIErrorReply({ status: 503, message: "The server is overloaded" }),
    openAIJsonReply(openAIChatCompletion({ content: "All files written." })),
  );
  servers.anthropic.enqueue(
    anthropicJsonReply(
      anthropicMessage({
        thinking: { thinking: "I should write the report.", signature: "c2lnbmF0dXJlLWFudGhyb3BpYw==" },
        toolUses: [
          { id: "toolu_01A09q90qw90lq917835lq9", name: "write_file", input: { target: "report.md" } },
        ],
      }),
    ),
    anthropicErrorReply({ status: 529, message: "Overloaded" }),
  );
  servers.google.enqueue(
    googleJsonReply(
      googleGenerateContentResponse({
        modelVersion: GEMINI_MODEL,
        functionCalls: [
          { name: "write_file", args: { target: "x.md" }, id: "fc_01", thoughtSignature: "Z2VtaW5pLXNpZw==" },
          { name: "write_file", args: { target: "y.md" }, id: "fc_02" },
        ],
      }),
    ),
  );
}

/** Runs the tool loop to its end: each turn's tool calls answered, in order, before the next turn. */
async function runToolLoop(runtime: Runtime, start: ChatMessage[]) {
  const history: ChatMessage[] = [...start];
  const outputs: LLMOutput[] = [];
  for (let turn = 1; turn <= 8; turn++) {
    const output = await runtime.client().generateResponse(history, TOOLS);
    outputs.push(output);
    history.push(toAssistantMessage(output));
    if (!output.toolCalls?.length) return { history, outputs };
    for (const item of output.toolCalls) {
      history.push({ role: "tool", tool_call_id: item.id, content: `${item.function.name} done` });
    }
  }
  throw new Error("the tool loop did not finish within 8 turns");
}

/** Every request a server saw, with the status it answered (its validator turns a broken request into a 400). */
const statuses = (server: FakeServer) =>
  server.requests.map(
    (request: RecordedRequest) =>
      (request.reply && "status" in request.reply ? request.reply.status : 200) ?? 200,
  );

type Json = Record<string, unknown>;

/** Anthropic wire: [tool_use ids of each assistant turn, tool_result ids of the next user turn]. */
function anthropicPairs(request: RecordedRequest): Array<[string[], string[]]> {
  const messages = (request.body as { messages: Array<{ role: string; content: Json[] | string }> }).messages;
  const blocks = (index: number, type: string, key: string) => {
    const content = messages[index]?.content;
    return Array.isArray(content)
      ? content.filter((block) => block.type === type).map((block) => String(block[key]))
      : [];
  };
  return messages.flatMap((message, index) =>
    message.role === "assistant" && blocks(index, "tool_use", "id").length > 0
      ? [
          [blocks(index, "tool_use", "id"), blocks(index + 1, "tool_result", "tool_use_id")] as [
            string[],
            string[],
          ],
        ]
      : [],
  );
}

describe("a tool loop that crosses providers mid-way (OpenAI -> Anthropic -> Gemini)", function () {
  // The first request of a file imports the provider SDKs, which takes seconds on a busy machine.
  this.timeout(60_000);
  let servers: Servers;
  let runtime: Runtime | undefined;

  beforeEach(async () => {
    servers = await startProviderFakeServers();
  });

  afterEach(async () => {
    await runtime?.close();
    runtime = undefined;
    await servers.close();
  });

  it("completes, falling back on turns 3 and 5, with every request body valid for its provider", async () => {
    scriptTheLoop(servers, ["call_Rf7hB3", "call_Rf8nC5"]);
    runtime = await openRuntime(servers, ["id-translation"]);
    const { history, outputs } = await runToolLoop(runtime, [
      { role: "user", content: "Plan my trip and write it up." },
    ]);
    expect(outputs.map((output) => output.provider)).to.deep.equal([
      "openai",
      "openai",
      "anthropic",
      "openai",
      "gemini",
      "openai",
    ]);
    expect(
      outputs[2].attempts.map((attempt) => `${attempt.provider}:${attempt.decision ?? "answered"}`),
    ).to.deep.equal(["openai:fallback", "anthropic:answered"]);
    expect(
      outputs[4].attempts.map((attempt) => `${attempt.provider}:${attempt.decision ?? "answered"}`),
    ).to.deep.equal(["openai:fallback", "anthropic:fallback", "gemini:answered"]);
    expect(outputs[5].content).to.equal("All files written.");
    expect(statuses(servers.openai)).to.deep.equal([200, 200, 503, 200, 503, 200]);
    expect(statuses(servers.anthropic)).to.deep.equal([200, 529]);
    expect(statuses(servers.google)).to.deep.equal([200]);
    // The caller's history pairs up: each tool message answers a call of the assistant turn before it.
    let open: string[] = [];
    for (const message of history) {
      if (message.role === "assistant") open = (message.tool_calls ?? []).map((item) => item.id);
      if (message.role === "tool") expect(open.shift()).to.equal(message.tool_call_id);
    }
    expect(history.filter((message) => message.role === "tool")).to.have.length(8);
  });

  it("rewrites ids other providers refuse the same way on both sides, as id-translation's rule says", async () => {
    // Turn 2 comes from an OpenAI-compatible server (Kimi style); the conversation began in an old
    // store whose ids carried provider data (`call_x|fc_y`) or ran long.
    scriptTheLoop(servers, ["functions.read_file:0", "functions.read_file:1"]);
    runtime = await openRuntime(servers, ["id-translation"]);
    const legacyIds = ["call_x|fc_y", `call_${"a".repeat(195)}`];
    const legacy: ChatMessage[] = [
      { role: "user", content: "Earlier: check the weather." },
      {
        role: "assistant",
        content: null,
        tool_calls: legacyIds.map((id) => ({
          id,
          type: "function" as const,
          function: { name: "get_weather", arguments: '{"target":"Oslo"}' },
        })),
      },
      ...legacyIds.map((id) => ({ role: "tool" as const, tool_call_id: id, content: "cold" })),
      { role: "user", content: "Now plan my trip and write it up." },
    ];
    const { outputs } = await runToolLoop(runtime, legacy);
    expect(outputs.map((output) => output.provider)).to.deep.equal([
      "openai",
      "openai",
      "anthropic",
      "openai",
      "gemini",
      "openai",
    ]);
    // The Kimi-style ids reached the caller as stable ids every built-in provider accepts.
    expect(outputs[1].toolCalls?.map((item) => item.id)).to.deep.equal(
      ["functions.read_file:0", "functions.read_file:1"].map((id) => translateToolCallId(id)),
    );
    // Anthropic saw the legacy ids as id-translation maps them, on the tool_use and tool_result alike.
    const [legacyPair] = anthropicPairs(servers.anthropic.requests[0]);
    const expected = legacyIds.map((id) => translateToolCallId(id, DECLARED_FORMATS.anthropic));
    expect(legacyPair).to.deep.equal([expected, expected]);
    for (const server of [servers.openai, servers.anthropic, servers.google]) {
      expect(statuses(server)).to.not.include(400);
    }
  });
});
