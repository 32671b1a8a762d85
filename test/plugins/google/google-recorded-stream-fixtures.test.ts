import { readdirSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { pino } from "pino";
import { createRuntime, type LLMOutput, type Runtime, type StreamEvent } from "../../../src/index.js";
import {
  type GoogleFakeServer,
  googleJsonReply,
  startGoogleFakeServer,
} from "../../../src/testing/protocols/google-protocol.js";
import { collapseGoogleStream } from "../../../src/testing/protocols/google-stream-collapse.js";
import {
  readRecordedChunks,
  readRecordedJson,
  recordedFixturesDirectory,
} from "../../../src/testing/recorded-fixtures.js";

const MODEL = "gemini-3-pro-preview";
const QUESTION = [{ role: "user" as const, content: "How many r's in strawberry?" }];
const folder = recordedFixturesDirectory();
const streamNames = folder
  ? readdirSync(join(folder, "google"))
      .filter((file) => file.endsWith(".chunks.txt"))
      .map((file) => file.slice(0, -".chunks.txt".length))
  : [];

/**
 * The arguments of the Vertex AI streams, whose calls arrive as `partialArgs` fragments: what the
 * fragments spell out, read by hand from the files (independent of both the plugin and the oracle).
 */
const STREAMED_ARGUMENTS: Record<string, Array<{ name: string; args: Record<string, unknown> }>> = {
  "google-stream-tool-call-arguments": [
    { name: "getWeather", args: { location: "Boston" } },
    { name: "getWeather", args: { location: "San Francisco" } },
  ],
  "google-stream-tool-call-array-arguments-missing-terminal-function-call": [
    {
      name: "writeItems",
      args: {
        operations: [
          { action: "add", description: "Fresh red apple", itemid: "apple_001", price: 0.5 },
          { action: "add", description: "Ripe yellow banana", itemid: "banana_001", price: 0.3 },
        ],
      },
    },
  ],
};

function withoutAttempts(output: LLMOutput) {
  const { attempts: _attempts, ...rest } = output;
  return rest;
}

describe("google plugin: recorded Gemini streams served through the fake server and the real SDK", () => {
  let server: GoogleFakeServer;
  let runtime: Runtime;

  before(function () {
    if (folder === undefined) {
      console.log("    (skipped: ../shared/fixtures/recorded is absent beside the repository)");
      this.skip();
    }
  });

  beforeEach(async () => {
    server = await startGoogleFakeServer();
    runtime = await createRuntime({
      config: {
        plugins: ["google"],
        providers: { gemini: { type: "google", apiKey: "recorded-stream-key-123", baseURL: server.url } },
        clients: { default: { provider: "gemini", model: MODEL } },
      },
      env: {},
      logger: pino({ level: "silent" }),
    });
  });

  afterEach(async () => {
    await runtime?.close();
    await server?.close();
  });

  async function stream(name: string): Promise<{ events: StreamEvent[]; output: LLMOutput }> {
    const events: StreamEvent[] = [];
    server.enqueue({ kind: "sse", events: readRecordedChunks("google", name) ?? [] });
    for await (const event of runtime.client().streamResponse(QUESTION)) events.push(event);
    const last = events.at(-1);
    if (last?.type !== "finish") throw new Error(`${name} did not finish`);
    return { events, output: last.output };
  }

  for (const name of streamNames) {
    it(`streams ${name}.chunks.txt to the output generateResponse gives for the same reply served whole`, async () => {
      const recorded = readRecordedChunks("google", name) ?? [];
      const { events, output } = await stream(name);
      server.enqueue(googleJsonReply(collapseGoogleStream(recorded.map((event) => event.data))));
      const generated = await runtime.client().generateResponse(QUESTION);
      expect(withoutAttempts(output)).to.deep.equal(withoutAttempts(generated));
      const text = events.flatMap((event) => (event.type === "text-delta" ? [event.delta] : []));
      expect(text.join("") || null).to.equal(output.content);
      expect(
        text.every((delta) => delta !== ""),
        "no empty delta",
      ).to.equal(true);
      const deltas = events.filter((event) => event.type === "tool-call-delta");
      expect(deltas.map((event) => event.argumentsDelta)).to.deep.equal(
        output.toolCalls?.map((call) => call.function.arguments) ?? [],
      );
    });
  }

  it("assembles the partialArgs of google-stream-tool-call-arguments by jsonPath, announcing each call as it starts", async () => {
    const { events, output } = await stream("google-stream-tool-call-arguments");
    const calls = events.filter((event) => event.type.startsWith("tool-call-"));
    const ids = output.toolCalls?.map((call) => call.id) ?? [];
    expect(calls.map((event) => event.type)).to.deep.equal([
      "tool-call-start",
      "tool-call-delta",
      "tool-call-start",
      "tool-call-delta",
      "tool-call-end",
      "tool-call-end",
    ]);
    expect(calls[0]).to.deep.equal({ type: "tool-call-start", index: 0, id: ids[0], name: "getWeather" });
    expect(output.toolCalls?.map((call) => JSON.parse(call.function.arguments))).to.deep.equal([
      { location: "Boston" },
      { location: "San Francisco" },
    ]);
    expect(output.finishReason).to.equal("tool_calls");
    expect(output.usage).to.deep.equal({
      promptTokens: 26,
      completionTokens: 155,
      totalTokens: 181,
      reasoningTokens: 132,
    });
    const stored = output.extension?.data.toolCalls as Array<{ thoughtSignature?: string }>;
    expect(stored[0].thoughtSignature).to.match(/^CiMBjz1r/);
    expect(stored[1].thoughtSignature).to.equal(undefined);
  });

  it("closes the writeItems call of the stream whose terminal empty functionCall never comes", async () => {
    const { output } = await stream("google-stream-tool-call-array-arguments-missing-terminal-function-call");
    const [call] = output.toolCalls ?? [];
    expect(call.function.name).to.equal("writeItems");
    expect(JSON.parse(call.function.arguments)).to.deep.equal(
      STREAMED_ARGUMENTS["google-stream-tool-call-array-arguments-missing-terminal-function-call"][0].args,
    );
    expect(output.finishReason).to.equal("tool_calls");
  });

  /**
   * Pairs of separate recordings of the same prompt: they agree on content, calls and finish
   * reason, not on signatures, usage or response ids. (google-text.chunks.txt and google-text.json
   * worded the answer differently, so they are no pair.)
   */
  const PAIRS: Array<[string, string]> = [
    ["google-reasoning", "google-reasoning"],
    ["google-reasoning", "google-reasoning-gemini3"],
    ["google-tool-call", "google-tool-call"],
    ["google-tool-call-gemini3", "google-tool-call"],
  ];
  for (const [chunks, json] of PAIRS) {
    it(`streams ${chunks}.chunks.txt to the content, calls and finish reason of the separate recording ${json}.json`, async () => {
      const { output } = await stream(chunks);
      server.enqueue(googleJsonReply(readRecordedJson("google", json)));
      const generated = await runtime.client().generateResponse(QUESTION);
      const calls = (item: LLMOutput) => item.toolCalls?.map((call) => call.function) ?? null;
      expect(output.content).to.equal(generated.content);
      expect(calls(output)).to.deep.equal(calls(generated));
      expect(output.finishReason).to.equal(generated.finishReason);
    });
  }
});
