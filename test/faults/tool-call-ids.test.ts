/**
 * Fault class F of docs/reliability.md: tool-call ids and provider data crossing providers, through
 * createRuntime with the id-translation plugin against the fake servers, whose validators answer
 * a broken id, pairing or signature with the provider's own 400. The translation is stateless
 * (docs/architecture.md, tool-call IDs): no id map exists, so the "reverse map" of F1 is the caller's own history,
 * kept as it was, and F8's memory row has nothing to measure (see NOT-COVERED.md); the same ids
 * from two separate runtimes show that no state is involved. F5 and F6 need a tool executor.
 */
import { expect } from "chai";
import { type ChatMessage, toAssistantMessage } from "../../src/index.js";
import {
  anthropicJsonReply,
  anthropicMessage,
  googleGenerateContentResponse,
  googleJsonReply,
  openAIChatCompletion,
  openAIChunkEvents,
  openAIJsonReply,
  openAISseReply,
} from "../../src/testing/index.js";
import { PROMPT, useFaultHarness } from "./support/fault-harness.js";
import { ANTHROPIC, FAULT_PROVIDERS, faultProvider, GOOGLE } from "./support/fault-providers.js";

const FOREIGN_IDS = ["functions.write:0", "call_x|fc_y", `toolu_${"x".repeat(194)}`];
/** What each provider accepts as a call id; Gemini before 3 takes calls and results without ids. */
const ID_RULES = {
  openai: (id: string | undefined) => id !== undefined && id.length <= 40,
  anthropic: (id: string | undefined) => id !== undefined && /^[a-zA-Z0-9_-]+$/.test(id),
  google: (id: string | undefined) => id === undefined,
};

/** One assistant turn calling a tool three times under foreign ids, and the three results. */
function foreignHistory(): ChatMessage[] {
  return [
    { role: "user", content: "write three files" },
    {
      role: "assistant",
      content: null,
      tool_calls: FOREIGN_IDS.map((id, index) => ({
        id,
        type: "function" as const,
        function: { name: "write", arguments: JSON.stringify({ path: `f${index}.txt` }) },
      })),
    },
    ...FOREIGN_IDS.map((id, index) => ({
      role: "tool" as const,
      tool_call_id: id,
      content: `wrote f${index}.txt`,
    })),
  ];
}

const TOOLS = [
  {
    type: "function" as const,
    function: { name: "write", parameters: { type: "object", properties: { path: { type: "string" } } } },
  },
  {
    type: "function" as const,
    function: {
      name: "get_weather",
      parameters: { type: "object", properties: { city: { type: "string" } } },
    },
  },
];

describe("faults F: tool-call ids across providers", function () {
  this.timeout(20_000);
  const harness = useFaultHarness();

  for (const provider of FAULT_PROVIDERS) {
    harness.test(
      `F1 ${provider.name}: foreign ids are rewritten to its rule, both sides of each pair alike, the same in every runtime`,
      async () => {
        const server = harness.servers[provider.name];
        server.setDefaultReply(provider.text("done"));
        const wireIds: string[][] = [];
        for (let run = 0; run < 2; run++) {
          const { client } = await harness.open({ chain: [provider.name], plugins: ["id-translation"] });
          const history = foreignHistory();
          const before = JSON.stringify(history);
          await client.generateResponse(history, TOOLS);
          expect(JSON.stringify(history), "the caller's history is left as it was").to.equal(before);
          const wire = provider.adapter.readWire(server.requests[run]);
          const calls = wire.toolCalls.map((call) => call.id);
          expect(calls).to.have.length(3);
          for (const id of calls)
            expect(ID_RULES[provider.name](id), `${id} fits ${provider.name}`).to.equal(true);
          const results = wire.toolResults.map((result) => result.content);
          expect(results.map((content, index) => content.includes(`wrote f${index}.txt`))).to.deep.equal([
            true,
            true,
            true,
          ]);
          if (provider.name !== "google") {
            expect(new Set(calls).size, "distinct ids stay distinct").to.equal(3);
            expect(wire.toolResults.map((result) => result.id)).to.deep.equal(calls);
          }
          wireIds.push(calls.map(String));
        }
        expect(wireIds[1], "stateless: a second runtime sends the same ids").to.deep.equal(wireIds[0]);
      },
    );

    harness.test(
      `F7 ${provider.name}: a tool result answering no call is refused before anything is sent`,
      async () => {
        const { client } = await harness.open({ chain: [provider.name], plugins: ["id-translation"] });
        const history: ChatMessage[] = [
          ...foreignHistory(),
          { role: "tool", tool_call_id: "call_nobody_made", content: "?" },
        ];
        const error = await harness.failure(client.generateResponse(history, TOOLS));
        expect(error.name).to.equal("InvalidRequestError");
        expect(error.message).to.include("call_nobody_made");
        expect(harness.servers[provider.name].requests).to.have.length(0);
      },
    );
  }

  const duplicateReplies = {
    openai: () =>
      openAIJsonReply(
        openAIChatCompletion({
          toolCalls: [
            { id: "call_same", name: "get_weather", arguments: { city: "Lisbon" } },
            { id: "call_same", name: "get_weather", arguments: { city: "Porto" } },
          ],
        }),
      ),
    anthropic: () =>
      anthropicJsonReply(
        anthropicMessage({
          toolUses: [
            { id: "toolu_same", name: "get_weather", input: { city: "Lisbon" } },
            { id: "toolu_same", name: "get_weather", input: { city: "Porto" } },
          ],
        }),
      ),
    google: () =>
      googleJsonReply(
        googleGenerateContentResponse({
          functionCalls: [
            { id: "same", name: "get_weather", args: { city: "Lisbon" } },
            { id: "same", name: "get_weather", args: { city: "Porto" } },
          ],
        }),
      ),
  };
  for (const provider of FAULT_PROVIDERS) {
    harness.test(
      `F7 ${provider.name}: two calls sharing an id in one response come out with distinct ids, none dropped`,
      async () => {
        const { client } = await harness.open({ chain: [provider.name], plugins: ["id-translation"] });
        harness.servers[provider.name].enqueue(duplicateReplies[provider.name]());
        const output = await client.generateResponse(PROMPT, TOOLS);
        const calls = output.toolCalls ?? [];
        expect(calls.map((call) => JSON.parse(call.function.arguments).city)).to.deep.equal([
          "Lisbon",
          "Porto",
        ]);
        expect(new Set(calls.map((call) => call.id)).size).to.equal(2);
      },
    );
  }

  harness.test(
    "F2 google: two parallel id-less calls get distinct ids, and their results, answered out of order, go back paired by id to Gemini or Anthropic",
    async () => {
      const { client } = await harness.open({ chain: ["google"], plugins: ["id-translation"] });
      harness.servers.google.enqueue(
        googleJsonReply(
          googleGenerateContentResponse({
            functionCalls: [
              { name: "get_weather", args: { city: "Lisbon" } },
              { name: "get_weather", args: { city: "Porto" } },
            ],
          }),
        ),
        GOOGLE.text("Lisbon is warmer."),
      );
      const output = await client.generateResponse(PROMPT, TOOLS);
      const [lisbon, porto] = output.toolCalls ?? [];
      expect(lisbon.id).to.not.equal(porto.id);
      const history: ChatMessage[] = [
        ...PROMPT,
        toAssistantMessage(output),
        // Answered in the other order: results are paired by id, never by position.
        { role: "tool", tool_call_id: porto.id, content: "Porto: 19 C" },
        { role: "tool", tool_call_id: lisbon.id, content: "Lisbon: 24 C" },
      ];
      await client.generateResponse(history, TOOLS);
      const wire = GOOGLE.adapter.readWire(harness.servers.google.requests[1]);
      expect(wire.toolResults.map((result) => [result.name, JSON.parse(result.content)])).to.deep.equal([
        ["get_weather", { output: "Lisbon: 24 C" }],
        ["get_weather", { output: "Porto: 19 C" }],
      ]);

      const anthropic = await harness.open({ chain: ["anthropic"], plugins: ["id-translation"] });
      harness.servers.anthropic.enqueue(anthropicJsonReply(anthropicMessage({ text: "Lisbon is warmer." })));
      await anthropic.client.generateResponse(history, TOOLS);
      const sent = ANTHROPIC.adapter.readWire(harness.servers.anthropic.requests[0]);
      const answerOf = new Map(sent.toolResults.map((result) => [result.id, result.content]));
      expect(sent.toolCalls.map((call) => answerOf.get(call.id))).to.deep.equal([
        "Lisbon: 24 C",
        "Porto: 19 C",
      ]);
    },
  );

  harness.test(
    "F3 google: a Gemini 3 tool history written by another provider, without thought signatures, is accepted in one request",
    async () => {
      const { client } = await harness.open({
        chain: [{ instance: "google", model: "gemini-3-pro-preview" }],
        plugins: ["id-translation"],
      });
      harness.servers.google.enqueue(GOOGLE.text("done"));
      const output = await client.generateResponse(foreignHistory(), TOOLS);
      expect(output.content).to.equal("done");
      expect(harness.servers.google.requests).to.have.length(1);
    },
  );

  harness.test(
    "F4 anthropic thinking signatures replayed to OpenAI and Gemini, and Gemini signatures to Anthropic, are left out",
    async () => {
      const anthropic = await harness.open({ chain: ["anthropic"], plugins: ["id-translation"] });
      harness.servers.anthropic.enqueue(
        anthropicJsonReply(
          anthropicMessage({
            thinking: { thinking: "The user wants weather.", signature: "ANTHROPIC-SIGNATURE-abc123" },
            toolUses: [{ id: "toolu_w1", name: "get_weather", input: { city: "Lisbon" } }],
          }),
        ),
      );
      const fromAnthropic = await anthropic.client.generateResponse(PROMPT, TOOLS);
      const google = await harness.open({
        chain: [{ instance: "google", model: "gemini-3-pro-preview" }],
        plugins: ["id-translation"],
      });
      harness.servers.google.enqueue(
        googleJsonReply(
          googleGenerateContentResponse({
            functionCalls: [
              {
                id: "g1",
                name: "get_weather",
                args: { city: "Porto" },
                thoughtSignature: "GOOGLE-SIGNATURE-xyz789",
              },
            ],
          }),
        ),
      );
      const fromGoogle = await google.client.generateResponse(PROMPT, TOOLS);
      const turn = (output: typeof fromAnthropic, result: string): ChatMessage[] => [
        ...PROMPT,
        toAssistantMessage(output),
        { role: "tool", tool_call_id: output.toolCalls?.[0].id ?? "", content: result },
      ];
      const targets = [
        { name: "openai", history: turn(fromAnthropic, "24 C"), foreign: "ANTHROPIC-SIGNATURE" },
        { name: "google", history: turn(fromAnthropic, "24 C"), foreign: "ANTHROPIC-SIGNATURE" },
        { name: "anthropic", history: turn(fromGoogle, "19 C"), foreign: "GOOGLE-SIGNATURE" },
      ] as const;
      for (const target of targets) {
        const server = harness.servers[target.name];
        const before = server.requests.length;
        const { client } = await harness.open({ chain: [target.name], plugins: ["id-translation"] });
        server.enqueue(faultProvider(target.name).text("ok"));
        const output = await client.generateResponse(target.history, TOOLS);
        expect(output.content, `${target.name} answered`).to.equal("ok");
        expect(server.requests.length - before, "one request, no 400 retry loop").to.equal(1);
        expect(server.requests.at(-1)?.rawBody).to.not.include(target.foreign);
      }
    },
  );

  harness.test("a stream's tool-call-start, tool-call-end and finish carry one id per call", async () => {
    const { client } = await harness.open({ chain: ["openai"], plugins: ["id-translation"] });
    // The kind of ids an OpenAI-compatible server (Kimi, vLLM) sends, beside a portable one.
    const calls = ["functions.write:0", "functions.write:1", "call_portable"].map((id, index) => ({
      id,
      name: "write",
      arguments: JSON.stringify({ path: `f${index}.txt` }),
    }));
    harness.servers.openai.enqueue(
      openAISseReply(openAIChunkEvents({ toolCalls: calls, finishReason: "tool_calls" }), { withDone: true }),
    );
    const { events, error } = await harness.stream(client.streamResponse(PROMPT, TOOLS));
    expect(error).to.equal(undefined);
    const idsOf = (type: string) =>
      events.flatMap((event) => (event.type === type && "id" in event ? [event.id] : []));
    const finish = events.find((event) => event.type === "finish");
    const finalIds = finish?.type === "finish" ? (finish.output.toolCalls ?? []).map((call) => call.id) : [];
    expect(finalIds).to.have.length(3);
    expect(new Set(finalIds).size, "distinct ids").to.equal(3);
    expect(finalIds[0]).to.not.equal("functions.write:0");
    expect(finalIds[2]).to.equal("call_portable");
    expect(idsOf("tool-call-start")).to.deep.equal(finalIds);
    expect(idsOf("tool-call-end")).to.deep.equal(finalIds);
  });
});
