import { readdirSync } from "node:fs";
import { join } from "node:path";
import Anthropic from "@anthropic-ai/sdk";
import { expect } from "chai";
import { createAnthropicProviderClient } from "../../../plugins/anthropic/anthropic-client.js";
import {
  type ChatMessage,
  type LLMOutput,
  type LLMRequest,
  type ProviderClient,
  type StreamEvent,
  toAssistantMessage,
} from "../../../src/index.js";
import type { FakeServer } from "../../../src/testing/fake-server.js";
import type { SseEvent } from "../../../src/testing/fake-server-types.js";
import {
  anthropicJsonReply,
  anthropicSseReply,
  startAnthropicFakeServer,
} from "../../../src/testing/protocols/anthropic-protocol.js";
import {
  readRecordedChunks,
  readRecordedJson,
  recordedFixturesDirectory,
} from "../../../src/testing/recorded-fixtures.js";
import { fakeRequestContext } from "../../support/fake-request-context.js";

const MODEL = "claude-sonnet-4-6";
const REQUEST: LLMRequest = {
  provider: "claude",
  model: MODEL,
  messages: [{ role: "user", content: "Go ahead." }],
  params: {},
};

/** Every recorded Anthropic stream, by name (empty when ../shared is absent). */
function recordedStreamNames(): string[] {
  const folder = recordedFixturesDirectory();
  if (folder === undefined) return [];
  return readdirSync(join(folder, "anthropic"))
    .filter((file) => file.endsWith(".chunks.txt"))
    .map((file) => file.slice(0, -".chunks.txt".length))
    .sort();
}

/** The recording replayed as Anthropic frames it: `event: <type>` before each data line. */
function recordedEvents(name: string): SseEvent[] {
  const events = readRecordedChunks("anthropic", name, { eventFromType: true });
  if (events === undefined) throw new Error(`${name}.chunks.txt is missing`);
  return events;
}

const finishOf = (events: StreamEvent[]): LLMOutput =>
  (events.at(-1) as Extract<StreamEvent, { type: "finish" }>).output;

function joined(events: StreamEvent[], type: "text-delta" | "reasoning-delta"): string {
  return events.flatMap((event) => (event.type === type ? [event.delta] : [])).join("");
}

/**
 * The SDK's MessageStream (1.14) parses `input_json_delta` only for tool_use and server_tool_use
 * blocks and leaves an `mcp_tool_use`'s input `{}`, where the non-streaming API returns it parsed
 * (anthropic-mcp.1.json). Fills that gap in the SDK-built message, from the recorded deltas.
 */
function withMcpInputs(message: Anthropic.Message, events: SseEvent[]): unknown {
  const inputs = new Map<number, string>();
  for (const { data } of events) {
    const event = data as { type: string; index: number; delta?: { type: string; partial_json?: string } };
    if (event.type !== "content_block_delta" || event.delta?.type !== "input_json_delta") continue;
    inputs.set(event.index, (inputs.get(event.index) ?? "") + (event.delta.partial_json ?? ""));
  }
  const blocks = message.content as unknown as Array<Record<string, unknown>>;
  const content = blocks.map((block, index) => {
    const input = inputs.get(index);
    return block.type === "mcp_tool_use" && input ? { ...block, input: JSON.parse(input) } : block;
  });
  return { ...message, content };
}

/** A shape both recordings of one kind of reply share, whatever the model happened to write. */
function outline(output: LLMOutput) {
  const extensionBlocks = (output.extension?.data.content as Array<{ type: string }> | undefined) ?? [];
  return {
    finishReason: output.finishReason,
    hasText: output.content !== null,
    hasReasoning: output.reasoningInfo?.reasoningText != null,
    toolNames: output.toolCalls?.map((call) => call.function.name) ?? [],
    toolArguments: output.toolCalls?.map((call) => JSON.parse(call.function.arguments)) ?? [],
    extensionBlocks: extensionBlocks.map((block) => block.type),
  };
}

describe("recorded Anthropic streams replayed through the real SDK", () => {
  let server: FakeServer;
  let client: ProviderClient;
  let sdk: Anthropic;

  before(function () {
    if (recordedFixturesDirectory() === undefined) {
      console.log("    (skipped: ../shared/fixtures/recorded is absent beside the repository)");
      this.skip();
    }
  });

  beforeEach(async () => {
    server = await startAnthropicFakeServer();
    const instance = { name: "claude", type: "anthropic", apiKey: "sk-ant-test", baseURL: server.url };
    client = await createAnthropicProviderClient(instance);
    sdk = new Anthropic({ apiKey: "sk-ant-test", baseURL: server.url, maxRetries: 0 });
  });

  afterEach(async () => {
    await server?.close();
  });

  async function stream(name: string): Promise<StreamEvent[]> {
    server.enqueue(anthropicSseReply(recordedEvents(name)));
    const events: StreamEvent[] = [];
    const source = client.stream?.(REQUEST, fakeRequestContext({ provider: "claude", model: MODEL }));
    for await (const event of source ?? []) events.push(event);
    return events;
  }

  it("finds the recorded Anthropic streams", () => {
    expect(recordedStreamNames().length).to.be.at.least(5);
  });

  for (const name of recordedStreamNames()) {
    it(`${name}: streams to a finish equal to generate's output for the message the SDK assembles from the same events`, async () => {
      const events = await stream(name);
      expect(events.filter((event) => event.type === "finish")).to.have.length(1);
      // The SDK's own MessageStream builds the non-streaming body of the same reply, independently.
      server.enqueue(anthropicSseReply(recordedEvents(name)));
      const message = await sdk.messages
        .stream({ model: MODEL, max_tokens: 64, messages: [{ role: "user", content: "Go ahead." }] })
        .finalMessage();
      server.enqueue(anthropicJsonReply(withMcpInputs(message, recordedEvents(name))));
      const generated = await client.generate(
        REQUEST,
        fakeRequestContext({ provider: "claude", model: MODEL }),
      );
      expect(finishOf(events)).to.deep.equal(generated);
    });

    it(`${name}: its deltas add up to the final text, reasoning and tool arguments`, async () => {
      const events = await stream(name);
      const output = finishOf(events);
      expect(joined(events, "text-delta")).to.equal(output.content ?? "");
      expect(joined(events, "reasoning-delta")).to.equal(output.reasoningInfo?.reasoningText ?? "");
      for (const [index, call] of (output.toolCalls ?? []).entries()) {
        const argumentsText = events
          .flatMap((event) =>
            event.type === "tool-call-delta" && event.index === index ? [event.argumentsDelta] : [],
          )
          .join("");
        expect(JSON.parse(argumentsText)).to.deep.equal(JSON.parse(call.function.arguments));
      }
    });
  }

  it("each stream has the outline of its .json namesake (different recordings of the same kind of reply)", async () => {
    for (const name of recordedStreamNames()) {
      const recorded = readRecordedJson("anthropic", name) as { id: string } | undefined;
      if (recorded === undefined) continue;
      const streamed = finishOf(await stream(name));
      server.enqueue(anthropicJsonReply(recorded));
      const generated = await client.generate(
        REQUEST,
        fakeRequestContext({ provider: "claude", model: MODEL }),
      );
      expect(outline(streamed), name).to.deep.equal(outline(generated));
      expect(streamed.usage.promptTokens, `${name}: usage comes from message_start`).to.be.greaterThan(0);
      expect(streamed.usage.completionTokens, `${name}: usage comes from message_delta`).to.be.greaterThan(1);
    }
  });

  it("every streamed turn goes back on the next request in the blocks it was streamed in, and is accepted", async () => {
    for (const name of recordedStreamNames()) {
      const output = finishOf(await stream(name));
      const history: ChatMessage[] = [...REQUEST.messages, toAssistantMessage(output)];
      for (const call of output.toolCalls ?? [])
        history.push({ role: "tool", tool_call_id: call.id, content: "ok" });
      if (!output.toolCalls) history.push({ role: "user", content: "Thanks." });
      server.enqueue(anthropicJsonReply({ ...(readRecordedJson("anthropic", "anthropic-text") as object) }));
      await client.generate({ ...REQUEST, messages: history }, fakeRequestContext());
      const sent = server.requests[server.requests.length - 1];
      expect(sent.reply?.kind, `${name}: the fake server accepted the replayed turn`).to.equal("json");
      expect((sent.reply as { status?: number }).status ?? 200, name).to.equal(200);
      const assistant = (sent.body as { messages: Array<{ content: Array<{ type: string }> }> }).messages[1];
      const streamedTypes = recordedEvents(name)
        .map(({ data }) => data as { type: string; content_block?: { type: string } })
        .flatMap((event) => (event.type === "content_block_start" ? [event.content_block?.type] : []));
      expect(
        assistant.content.map((block) => block.type),
        name,
      ).to.deep.equal(streamedTypes);
    }
  });

  it("anthropic-json-other-tool: input split mid-string becomes the arguments the .json recorded", async () => {
    const events = await stream("anthropic-json-other-tool.1");
    const output = finishOf(events);
    expect(
      output.toolCalls?.map((call) => [call.function.name, JSON.parse(call.function.arguments)]),
    ).to.deep.equal([["weather", { location: "San Francisco" }]]);
    expect(events.filter((event) => event.type === "tool-call-start")).to.deep.equal([
      { type: "tool-call-start", index: 0, id: "toolu_019Zvehfe1XQWweT1pm7okyt", name: "weather" },
    ]);
  });

  it("anthropic-combined-context-editing: the streamed signature goes back with the thinking block", async () => {
    const output = finishOf(await stream("anthropic-combined-context-editing.1"));
    const [thinking] = (output.extension?.data.content ?? []) as Array<{ type: string; signature?: string }>;
    expect(thinking.type).to.equal("thinking");
    expect(thinking.signature?.length).to.be.greaterThan(100);
  });

  it("anthropic-mcp: the MCP call and its result ride in the extension, never as tool calls", async () => {
    const output = finishOf(await stream("anthropic-mcp.1"));
    expect(output.toolCalls).to.equal(null);
    const blocks = (output.extension?.data.content ?? []) as Array<{ type: string; input?: unknown }>;
    expect(blocks.map((block) => block.type)).to.deep.equal(["mcp_tool_use", "mcp_tool_result", "text"]);
    expect(blocks[0].input).to.deep.equal({ message: "hello world" });
  });
});
