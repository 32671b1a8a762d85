import { expect } from "chai";
import {
  type ChatMessage,
  createRuntime,
  type LLMOutput,
  type Runtime,
  toAssistantMessage,
} from "../../src/index.js";
import type { FakeServer, RecordedRequest } from "../../src/testing/index.js";
import {
  anthropicJsonReply,
  anthropicMessage,
  anthropicSseReply,
  anthropicStreamEvents,
} from "../../src/testing/protocols/anthropic-protocol.js";
import {
  openAIChatCompletion,
  openAIErrorReply,
  openAIJsonReply,
} from "../../src/testing/protocols/openai-protocol.js";
import {
  type ProviderFakeServers,
  startProviderFakeServers,
} from "../../src/testing/start-provider-fake-servers.js";
import { captureLogger } from "../kernel/runtime-fixture.js";

type Json = Record<string, unknown>;

const fromEnvironment = (name: string) => `\${${name}}`;
const ENV = { OPENAI_API_KEY: "sk-test-openai-0000", ANTHROPIC_API_KEY: "sk-ant-test-0000" };
const THINKING = { anthropic: { thinking: { type: "adaptive" } } };
const WEATHER = {
  type: "function" as const,
  function: { name: "get_weather", parameters: { type: "object", properties: { city: { type: "string" } } } },
};

async function open(servers: ProviderFakeServers, client: Json) {
  const { logger, lines } = captureLogger("warn");
  const runtime = await createRuntime({
    config: {
      plugins: ["openai", "anthropic", "fallback"],
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
      },
      clients: { default: client },
    },
    env: ENV,
    logger,
  });
  return { runtime, lines };
}

/** The status each request was answered with: the strict fake answers 400 to a body Anthropic refuses. */
const statuses = (server: FakeServer) =>
  server.requests.map((request: RecordedRequest) =>
    request.reply && "status" in request.reply ? (request.reply.status ?? 200) : 200,
  );

const bodyOf = (server: FakeServer): Json => server.requests.at(-1)?.body as Json;

describe("Anthropic thinking rules and usage, through createRuntime", function () {
  this.timeout(60_000);
  let servers: ProviderFakeServers;
  let runtime: Runtime | undefined;

  beforeEach(async () => {
    servers = await startProviderFakeServers();
  });

  afterEach(async () => {
    await runtime?.close();
    runtime = undefined;
    await servers.close();
  });

  it("a fallback into Anthropic mid tool loop sends that request without thinking, noted on the attempt", async () => {
    let lines: string[];
    ({ runtime, lines } = await open(servers, {
      provider: "openai",
      model: "gpt-4o",
      providerParams: THINKING,
      fallbacks: [{ provider: "anthropic", model: "claude-sonnet-4-6" }],
    }));
    servers.openai.enqueue(
      openAIJsonReply(
        openAIChatCompletion({
          toolCalls: [{ id: "call_W1", name: "get_weather", arguments: { city: "Paris" } }],
        }),
      ),
      openAIErrorReply({ status: 503, message: "overloaded" }),
    );
    servers.anthropic.enqueue(
      anthropicJsonReply(
        anthropicMessage({ thinking: { thinking: "Warm.", signature: "c2ln" }, text: "It is 21C in Paris." }),
      ),
      anthropicJsonReply(anthropicMessage({ text: "You are welcome." })),
    );
    const history: ChatMessage[] = [{ role: "user", content: "Weather in Paris?" }];
    const first = await runtime.client().generateResponse(history, [WEATHER]);
    history.push(toAssistantMessage(first), { role: "tool", tool_call_id: "call_W1", content: "21C" });
    const second: LLMOutput = await runtime.client().generateResponse(history, [WEATHER]);
    expect(second.provider).to.equal("anthropic");
    expect(statuses(servers.anthropic)).to.deep.equal([200]);
    expect(bodyOf(servers.anthropic)).to.not.have.property("thinking");
    expect(second.attempts[1].notes?.[0]).to.match(/thinking left out of this request/);
    expect(lines.filter((line) => line.includes("thinking left out"))).to.have.length(1);
    // The next turn is Anthropic's own: its thinking block leads, and thinking goes with the request again.
    history.push(toAssistantMessage(second), { role: "user", content: "Thanks" });
    servers.openai.enqueue(openAIErrorReply({ status: 503, message: "overloaded" }));
    const third = await runtime.client().generateResponse(history, [WEATHER]);
    expect(third.attempts[1].notes).to.equal(undefined);
    expect(bodyOf(servers.anthropic).thinking).to.deep.equal({ type: "adaptive" });
    expect(statuses(servers.anthropic)).to.deep.equal([200, 200]);
  });

  it("Anthropic's own tool loop keeps thinking: its turn leads with its thinking block", async () => {
    ({ runtime } = await open(servers, {
      provider: "anthropic",
      model: "claude-sonnet-4-6",
      providerParams: THINKING,
    }));
    servers.anthropic.enqueue(
      anthropicJsonReply(
        anthropicMessage({
          thinking: { thinking: "Look it up.", signature: "c2ln" },
          toolUses: [{ id: "toolu_1", name: "get_weather", input: { city: "Paris" } }],
        }),
      ),
      anthropicJsonReply(anthropicMessage({ text: "21C." })),
    );
    const history: ChatMessage[] = [{ role: "user", content: "Weather in Paris?" }];
    const first = await runtime.client().generateResponse(history, [WEATHER]);
    history.push(toAssistantMessage(first), { role: "tool", tool_call_id: "toolu_1", content: "21C" });
    const second = await runtime.client().generateResponse(history, [WEATHER]);
    expect(statuses(servers.anthropic)).to.deep.equal([200, 200]);
    expect(bodyOf(servers.anthropic).thinking).to.deep.equal({ type: "adaptive" });
    expect(second.attempts[0].notes).to.equal(undefined);
  });

  it("a call that forces a tool goes without thinking; a prefill ending in whitespace is trimmed", async () => {
    ({ runtime } = await open(servers, {
      provider: "anthropic",
      model: "claude-sonnet-4-6",
      providerParams: THINKING,
    }));
    servers.anthropic.enqueue(
      anthropicJsonReply(
        anthropicMessage({ toolUses: [{ id: "toolu_1", name: "get_weather", input: { city: "Paris" } }] }),
      ),
      anthropicJsonReply(anthropicMessage({ text: " Paris." })),
    );
    const forced = await runtime
      .client()
      .generateResponse([{ role: "user", content: "Paris?" }], [WEATHER], "required");
    expect(forced.toolCalls?.[0].function.name).to.equal("get_weather");
    expect(servers.anthropic.requests[0].body).to.not.have.property("thinking");
    expect(forced.attempts[0].notes?.[0]).to.match(/tool_choice auto or none/);

    const prefilled = await runtime.client().generateResponse([
      { role: "user", content: "Capital of France?" },
      { role: "assistant", content: "The capital is " },
    ]);
    expect(statuses(servers.anthropic)).to.deep.equal([200, 200]);
    const messages = bodyOf(servers.anthropic).messages as Array<{ content: Json[] }>;
    expect(messages.at(-1)?.content).to.deep.equal([{ type: "text", text: "The capital is" }]);
    expect(bodyOf(servers.anthropic)).to.not.have.property("thinking");
    expect(prefilled.attempts[0].notes).to.deep.equal([
      "thinking left out of this request: Anthropic does not continue a prefilled assistant message with thinking on",
      "trailing whitespace trimmed from the final assistant message (prefill)",
    ]);
  });

  it("reports cache reads as cachedTokens and cache writes as cacheWriteTokens, streaming or not", async () => {
    ({ runtime } = await open(servers, { provider: "anthropic", model: "claude-sonnet-4-6" }));
    const spec = {
      text: "Cached.",
      usage: { inputTokens: 10, outputTokens: 5, cacheReadInputTokens: 50, cacheCreationInputTokens: 100 },
      stopReason: "model_context_window_exceeded",
    };
    servers.anthropic.enqueue(
      anthropicJsonReply(anthropicMessage(spec)),
      anthropicSseReply(anthropicStreamEvents(spec)),
    );
    const expected = {
      promptTokens: 160,
      completionTokens: 5,
      totalTokens: 165,
      cachedTokens: 50,
      cacheWriteTokens: 100,
    };
    const output = await runtime.client().generateResponse([{ role: "user", content: "hi" }]);
    expect(output.usage).to.deep.equal(expected);
    expect(output.finishReason).to.equal("length");
    let streamed: LLMOutput | undefined;
    for await (const event of runtime.client().streamResponse([{ role: "user", content: "hi" }])) {
      if (event.type === "finish") streamed = event.output;
    }
    expect(streamed?.usage).to.deep.equal(expected);
    expect(streamed?.finishReason).to.equal("length");
  });
});
