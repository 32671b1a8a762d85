import { readdirSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { pino } from "pino";
import type { GoogleResponse } from "../../../plugins/google/google-api-types.js";
import { createRuntime, type LLMOutput, type Runtime, toAssistantMessage } from "../../../src/index.js";
import {
  type GoogleFakeServer,
  googleJsonReply,
  startGoogleFakeServer,
} from "../../../src/testing/protocols/google-protocol.js";
import { readRecordedJson, recordedFixturesDirectory } from "../../../src/testing/recorded-fixtures.js";

/** The recorded responses come from gemini-3-pro-preview, so the fake enforces Gemini 3's signature rule. */
const MODEL = "gemini-3-pro-preview";
const folder = recordedFixturesDirectory();
const recordedNames = folder
  ? readdirSync(join(folder, "google"))
      .filter((file) => file.endsWith(".json"))
      .map((file) => file.slice(0, -".json".length))
  : [];

/** What every recorded body must turn into, derived from the body itself. */
function expectFaithful(output: LLMOutput, body: GoogleResponse): void {
  const parts = body.candidates?.[0]?.content?.parts ?? [];
  const usage = body.usageMetadata ?? {};
  const answer = parts
    .filter((part) => typeof part.text === "string" && !part.thought)
    .map((part) => part.text);
  expect(output.content).to.equal(answer.join("") || null);
  const calls = parts.filter((part) => part.functionCall);
  expect(
    output.toolCalls?.map((call) => [call.function.name, JSON.parse(call.function.arguments)]) ?? [],
  ).to.deep.equal(calls.map((part) => [part.functionCall?.name, part.functionCall?.args ?? {}]));
  expect(output.finishReason).to.equal(calls.length > 0 ? "tool_calls" : "stop");
  expect(output.usage.totalTokens).to.equal(usage.totalTokenCount);
  expect(output.usage.completionTokens).to.equal(
    (usage.candidatesTokenCount ?? 0) + (usage.thoughtsTokenCount ?? 0),
  );
  expect(output.usage.reasoningTokens).to.equal(usage.thoughtsTokenCount);
  const signatures = JSON.stringify(output.extension ?? {});
  for (const part of parts) if (part.thoughtSignature) expect(signatures).to.contain(part.thoughtSignature);
}

describe("google plugin: recorded Gemini responses served through the fake server and the real SDK", () => {
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
        providers: { gemini: { type: "google", apiKey: "recorded-fixture-key-123", baseURL: server.url } },
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

  for (const name of recordedNames) {
    it(`parses ${name}.json into content, tool calls, usage and signatures faithfully`, async () => {
      const body = readRecordedJson("google", name) as GoogleResponse;
      server.enqueue(googleJsonReply(body));
      const output = await runtime
        .client()
        .generateResponse([{ role: "user", content: "How many r's in strawberry?" }]);
      expectFaithful(output, body);
      expect(output.model).to.equal(body.modelVersion);
    });
  }

  it("reads google-text.json: the answer, thoughts in the completion count, the text part's signature kept", async () => {
    server.enqueue(googleJsonReply(readRecordedJson("google", "google-text")));
    const output = await runtime
      .client()
      .generateResponse([{ role: "user", content: "How many r's in strawberry?" }]);
    expect(output.content).to.equal(
      "There are **3** r's in strawberry.\n\nHere is the breakdown: st**r**awbe**rr**y.",
    );
    expect(output.usage).to.deep.equal({
      promptTokens: 9,
      completionTokens: 272,
      totalTokens: 281,
      reasoningTokens: 244,
    });
    expect(output.reasoningInfo).to.include({
      reasoningTokens: 244,
      reasoningText: null,
      rawFinishReason: "STOP",
    });
    expect(output.extension?.data.textSignature).to.match(/^EtoFCtcF/);
  });

  it("reads google-tool-call.json and sends its call back with the recorded signature, which Gemini 3 accepts", async () => {
    const body = readRecordedJson("google", "google-tool-call") as GoogleResponse;
    const signature = body.candidates?.[0]?.content?.parts?.[0]?.thoughtSignature;
    server.enqueue(googleJsonReply(body), googleJsonReply(readRecordedJson("google", "google-text")));
    const client = runtime.client();
    const question = { role: "user" as const, content: "Weather in San Francisco?" };
    const first = await client.generateResponse([question]);
    expect(first.finishReason).to.equal("tool_calls");
    expect(first.usage).to.deep.equal({
      promptTokens: 29,
      completionTokens: 908,
      totalTokens: 937,
      reasoningTokens: 893,
    });
    const [call] = first.toolCalls ?? [];
    expect(call.id).to.match(/^[a-zA-Z0-9_-]{1,40}$/, "Gemini sent no id: a portable one was generated");
    expect(call.function).to.deep.equal({ name: "weather", arguments: '{"location":"San Francisco"}' });

    await client.generateResponse([
      question,
      toAssistantMessage(first),
      { role: "tool", tool_call_id: call.id, content: '{"temperature":18}' },
    ]);
    const second = server.requests[1];
    expect((second.reply as { status?: number }).status, "the signature satisfied Gemini 3's check").to.equal(
      undefined,
    );
    const contents = (second.body as { contents: Array<{ role: string; parts: unknown[] }> }).contents;
    expect(contents.slice(1)).to.deep.equal([
      {
        role: "model",
        parts: [
          {
            functionCall: { name: "weather", args: { location: "San Francisco" } },
            thoughtSignature: signature,
          },
        ],
      },
      {
        role: "user",
        parts: [{ functionResponse: { name: "weather", response: { output: { temperature: 18 } } } }],
      },
    ]);
  });
});
