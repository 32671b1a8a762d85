import { expect } from "chai";
import { ID_TRANSLATION_OPTIONS_SCHEMA, translateToolCallId } from "../../../plugins/id-translation/index.js";
import type { ScriptedRule } from "../../../plugins/scripted/index.js";
import {
  type ChatMessage,
  EXTENSION_FIELD,
  isLLMError,
  type LLMRequest,
  toAssistantMessage,
} from "../../../src/index.js";
import { scriptedRuntime } from "../../kernel/runtime-fixture.js";
import { expectDocumentedOptions, expectSchemaFileMatches } from "../../resilience/check-options-schema.js";
import { rejection } from "../../resilience/expect-failure.js";

const PORTABLE = /^[a-zA-Z0-9_-]{1,40}$/;
const LONG_ID = `toolu_${"x".repeat(194)}`;
const FOREIGN_IDS = ["functions.write:0", "call_x|fc_y", LONG_ID];

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/** A history written by other providers: one assistant turn calling three tools, and their results. */
function foreignHistory(extension?: { providerType: string; model: string; data: Record<string, unknown> }) {
  return deepFreeze<ChatMessage[]>([
    { role: "user", content: "write three files" },
    {
      role: "assistant",
      content: null,
      tool_calls: FOREIGN_IDS.map((id, index) => ({
        id,
        type: "function",
        function: { name: "write", arguments: JSON.stringify({ path: `f${index}.txt` }) },
      })),
      ...(extension ? { [EXTENSION_FIELD]: extension } : {}),
    },
    ...FOREIGN_IDS.map((id, index) => ({
      role: "tool" as const,
      tool_call_id: id,
      content: `wrote f${index}.txt`,
    })),
  ]);
}

/** [call id, answering tool_call_id] for each tool message, as the provider received them. */
function pairs(request: LLMRequest): Array<[string, string]> {
  const calls = request.messages.flatMap((message) =>
    message.role === "assistant" ? (message.tool_calls ?? []).map((call) => call.id) : [],
  );
  const results = request.messages.flatMap((message) =>
    message.role === "tool" ? [message.tool_call_id] : [],
  );
  return calls.map((id, index) => [id, results[index]]);
}

const answer: ScriptedRule[] = [{ reply: { text: "done" } }];

describe("id-translation plugin", () => {
  it("sends a foreign history with both sides of every pair rewritten to the target's rule", async () => {
    const { client, scripted } = await scriptedRuntime({
      providers: { alpha: answer },
      chain: ["alpha"],
      plugins: ["id-translation"],
    });
    await client.generateResponse(foreignHistory());
    const sent = pairs(scripted("alpha").requests[0].request);
    expect(sent).to.have.length(3);
    for (const [callId, resultId] of sent) {
      expect(callId).to.match(PORTABLE);
      expect(resultId).to.equal(callId);
    }
    expect(new Set(sent.map(([callId]) => callId)).size).to.equal(3);
  });

  it("sends the same ids on every call and leaves the frozen history as it was", async () => {
    const { client, scripted } = await scriptedRuntime({
      providers: { alpha: answer },
      chain: ["alpha"],
      plugins: ["id-translation"],
    });
    const history = foreignHistory();
    const before = JSON.stringify(history);
    await client.generateResponse(history);
    await client.generateResponse(history);
    const [first, second] = scripted("alpha").requests.map((record) => pairs(record.request));
    expect(second).to.deep.equal(first);
    expect(JSON.stringify(history)).to.equal(before);
  });

  it("is what rewrites the ids: without it the provider receives them unchanged", async () => {
    const { client, scripted } = await scriptedRuntime({ providers: { alpha: answer }, chain: ["alpha"] });
    await client.generateResponse(foreignHistory());
    expect(pairs(scripted("alpha").requests[0].request).map(([callId]) => callId)).to.deep.equal(FOREIGN_IDS);
  });

  it("drops extension data written by another provider type and keeps it for the same type", async () => {
    const { client, scripted } = await scriptedRuntime({
      providers: { alpha: answer },
      chain: ["alpha"],
      plugins: ["id-translation"],
    });
    const data = { textSignature: "c2lnbmF0dXJl" };
    await client.generateResponse(foreignHistory({ providerType: "google", model: "gemini-3-pro", data }));
    await client.generateResponse(foreignHistory({ providerType: "scripted", model: "alpha-model", data }));
    const [foreign, own] = scripted("alpha").requests.map((record) => record.request.messages[1]);
    expect(foreign).to.not.have.property(EXTENSION_FIELD);
    expect(own)
      .to.have.property(EXTENSION_FIELD)
      .that.deep.equals({ providerType: "scripted", model: "alpha-model", data });
  });

  it("returns tool-call ids every built-in provider accepts, the same ones each time", async () => {
    const { client } = await scriptedRuntime({
      providers: {
        alpha: [
          { reply: { toolCalls: [{ id: "functions.Bash:0", name: "Bash", arguments: { command: "ls" } }] } },
        ],
      },
      chain: ["alpha"],
      plugins: ["id-translation"],
    });
    const first = await client.generateResponse([{ role: "user", content: "list" }]);
    const second = await client.generateResponse([{ role: "user", content: "list" }]);
    expect(first.toolCalls?.[0].id).to.equal(translateToolCallId("functions.Bash:0"));
    expect(first.toolCalls?.[0].id).to.match(PORTABLE);
    expect(second.toolCalls?.[0].id).to.equal(first.toolCalls?.[0].id);
    expect(toAssistantMessage(first).tool_calls?.[0].id).to.equal(first.toolCalls?.[0].id);
  });

  it("a tool message that answers no call is refused (by the kernel's input check), naming it, before the provider is called", async () => {
    const { client, scripted } = await scriptedRuntime({
      providers: { alpha: answer },
      chain: ["alpha"],
      plugins: ["id-translation"],
    });
    const history = [...foreignHistory(), { role: "tool" as const, tool_call_id: "call_lost", content: "?" }];
    const error = await rejection(client.generateResponse(history));
    expect(isLLMError(error, "invalid_request")).to.equal(true);
    expect(error.message).to.match(/\/messages\/5\/tool_call_id.*"call_lost"/);
    expect(scripted("alpha").requests).to.have.length(0);
  });

  it("has a documented options schema, written to schemas/id-translation.options.schema.json", () => {
    expectDocumentedOptions(ID_TRANSLATION_OPTIONS_SCHEMA);
    expectSchemaFileMatches(
      ID_TRANSLATION_OPTIONS_SCHEMA,
      new URL("../../../schemas/id-translation.options.schema.json", import.meta.url),
    );
  });
});
