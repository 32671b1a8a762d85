import { readdirSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { createAnthropicProviderClient } from "../../../plugins/anthropic/anthropic-client.js";
import {
  type ChatMessage,
  type LLMOutput,
  type ProviderClient,
  toAssistantMessage,
} from "../../../src/index.js";
import type { FakeServer } from "../../../src/testing/fake-server.js";
import {
  anthropicJsonReply,
  startAnthropicFakeServer,
} from "../../../src/testing/protocols/anthropic-protocol.js";
import { readRecordedJson, recordedFixturesDirectory } from "../../../src/testing/recorded-fixtures.js";
import { fakeRequestContext } from "../../support/fake-request-context.js";

type Block = { type: string; id?: string; name?: string; input?: unknown; text?: string; caller?: unknown };
interface RecordedMessage {
  model: string;
  content: Block[];
  stop_reason: string;
  usage: {
    input_tokens: number;
    output_tokens: number;
    cache_creation_input_tokens?: number;
    cache_read_input_tokens?: number;
  };
}

const MODEL = "claude-sonnet-4-6";
const QUESTION: ChatMessage = { role: "user", content: "Go ahead." };

/** Every recorded non-streaming Anthropic body, by name (empty when ../shared is absent). */
function recordedNames(): string[] {
  const folder = recordedFixturesDirectory();
  if (folder === undefined) return [];
  return readdirSync(join(folder, "anthropic"))
    .filter((file) => file.endsWith(".json"))
    .map((file) => file.slice(0, -".json".length))
    .sort();
}

/** Whether a tool_use was made by a server tool whose result follows in the same turn. */
function answeredInTurn(block: Block, blocks: Block[]): boolean {
  const callerId = (block.caller as { tool_id?: string } | undefined)?.tool_id;
  return (
    callerId !== undefined &&
    blocks.some(
      (other) =>
        other.type.endsWith("_tool_result") && (other as { tool_use_id?: string }).tool_use_id === callerId,
    )
  );
}

/** What the next request must carry for the recorded assistant turn: every block, in place. */
function expectedReplay(blocks: Block[]): unknown[] {
  return blocks.flatMap((block) => {
    if (block.type === "text") return block.text ? [{ type: "text", text: block.text }] : [];
    if (block.type === "tool_use" && !answeredInTurn(block, blocks)) {
      const { type, id, name, input, caller } = block;
      return [caller === undefined ? { type, id, name, input } : { type, id, name, input, caller }];
    }
    return [block];
  });
}

describe("recorded Anthropic responses served through the real SDK", () => {
  let server: FakeServer;
  let client: ProviderClient;

  before(function () {
    if (recordedFixturesDirectory() === undefined) {
      console.log("    (skipped: ../shared/fixtures/recorded is absent beside the repository)");
      this.skip();
    }
  });

  beforeEach(async () => {
    server = await startAnthropicFakeServer();
    client = await createAnthropicProviderClient({
      name: "claude",
      type: "anthropic",
      apiKey: "sk-ant-test",
      baseURL: server.url,
    });
  });

  afterEach(async () => {
    await server?.close();
  });

  async function serve(name: string): Promise<{ recorded: RecordedMessage; output: LLMOutput }> {
    const recorded = readRecordedJson("anthropic", name) as RecordedMessage;
    server.enqueue(anthropicJsonReply(recorded));
    const context = fakeRequestContext({ provider: "claude", model: MODEL });
    const output = await client.generate(
      { provider: "claude", model: MODEL, messages: [QUESTION], params: {} },
      context,
    );
    return { recorded, output };
  }

  it("finds the recorded Anthropic bodies", () => {
    expect(recordedNames().length).to.be.at.least(10);
  });

  for (const name of recordedNames()) {
    it(`${name}: parses text, tool calls, usage and stop reason, and sends the turn back in place`, async () => {
      const { recorded, output } = await serve(name);
      const blocks = recorded.content;
      const text = blocks
        .filter((block) => block.type === "text")
        .map((block) => block.text)
        .join("");
      expect(output.content).to.equal(text === "" ? null : text);
      const pending = blocks.filter((block) => block.type === "tool_use" && !answeredInTurn(block, blocks));
      expect(
        output.toolCalls?.map((call) => [call.id, call.function.name, JSON.parse(call.function.arguments)]) ??
          [],
      ).to.deep.equal(pending.map((block) => [block.id, block.name, block.input]));
      for (const call of output.toolCalls ?? [])
        expect(call.id, "no server-tool id leaks into toolCalls").to.match(/^toolu_/);
      const cached =
        (recorded.usage.cache_creation_input_tokens ?? 0) + (recorded.usage.cache_read_input_tokens ?? 0);
      expect(output.usage.promptTokens).to.equal(recorded.usage.input_tokens + cached);
      expect(output.usage.completionTokens).to.equal(recorded.usage.output_tokens);
      expect(output.reasoningInfo?.rawFinishReason).to.equal(recorded.stop_reason);
      expect(output.model).to.equal(recorded.model);

      const history: ChatMessage[] = [QUESTION, toAssistantMessage(output)];
      for (const call of output.toolCalls ?? [])
        history.push({ role: "tool", tool_call_id: call.id, content: "ok" });
      if (!output.toolCalls) history.push({ role: "user", content: "Thanks." });
      server.enqueue(
        anthropicJsonReply({
          ...recorded,
          content: [{ type: "text", text: "fine" }],
          stop_reason: "end_turn",
        }),
      );
      await client.generate(
        { provider: "claude", model: MODEL, messages: history, params: {} },
        fakeRequestContext(),
      );
      const sent = server.requests[1].body as { messages: Array<{ role: string; content: unknown[] }> };
      expect(server.requests[1].reply?.kind, "the fake server accepted the replayed turn").to.equal("json");
      expect((server.requests[1].reply as { status?: number }).status ?? 200).to.equal(200);
      expect(sent.messages[1]).to.deep.equal({ role: "assistant", content: expectedReplay(blocks) });
    });
  }

  it("anthropic-clear-thinking: keeps the thinking text and its signature for the next turn", async () => {
    const { recorded, output } = await serve("anthropic-clear-thinking.1");
    const thinking = recorded.content[0] as unknown as { thinking: string; signature: string };
    expect(output.reasoningInfo?.reasoningText).to.equal(thinking.thinking);
    expect(output.extension?.providerType).to.equal("anthropic");
    expect(((output.extension?.data.content ?? []) as unknown[])[0]).to.deep.equal(recorded.content[0]);
  });

  it("anthropic-tool-no-args: an empty input becomes the arguments string {}", async () => {
    const { output } = await serve("anthropic-tool-no-args");
    expect(output.finishReason).to.equal("tool_calls");
    expect(output.toolCalls?.[0].function).to.deep.equal({ name: "updateIssueList", arguments: "{}" });
    expect(output.content).to.include("<thinking>");
  });

  it("anthropic-mcp and anthropic-web-search-tool: server tools never become tool calls", async () => {
    for (const name of [
      "anthropic-mcp.1",
      "anthropic-web-search-tool.1",
      "anthropic-code-execution-20250825.1",
    ]) {
      const { output } = await serve(name);
      expect(output.toolCalls, name).to.equal(null);
      expect(output.finishReason, name).to.equal("stop");
    }
  });

  it("anthropic-programmatic-tool-calling: calls code execution answered in the turn are not run again", async () => {
    const { output } = await serve("anthropic-programmatic-tool-calling.1");
    expect(output.toolCalls).to.equal(null);
    expect(output.content).to.include("Game Over!");
  });
});
