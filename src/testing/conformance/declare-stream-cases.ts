import assert from "node:assert/strict";
import type { ChatMessage } from "../../contract/messages.js";
import type { ToolDefinition } from "../../contract/tools.js";
import type { ConformanceContext } from "./conformance-context.js";
import { declareRecordedStreamCases } from "./declare-recorded-stream-cases.js";
import { declareStreamFailureCases } from "./declare-stream-failure-cases.js";
import {
  collectStream,
  eventIndexOf,
  eventsOfType,
  finishOutput,
  STREAM_CASE_TITLES,
  streamAdapter,
  streamedText,
  waitUntil,
  withoutAttempts,
} from "./stream-case-helpers.js";

const WEATHER_TOOL: ToolDefinition = {
  type: "function",
  function: {
    name: "get_weather",
    description: "Current weather for a city",
    parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
  },
};

const ASK_WEATHER: ChatMessage[] = [{ role: "user", content: "What is the weather in Paris?" }];
const PROMPT: ChatMessage[] = [{ role: "user", content: "Stream a greeting." }];
const PIECES = ["Alpha-", "Bravo-", "Charlie-", "Delta."];
const USAGE = { promptTokens: 11, completionTokens: 4 };

/**
 * The streaming part of the suite (issue 7), through `streamResponse`: deltas as they come, tool
 * calls assembled, usage and finish, then failures (see `declareStreamFailureCases`) and the
 * recorded streams. Without `adapter.stream` every case is declared pending.
 */
export function declareStreamCases(context: ConformanceContext): void {
  const { describe, it } = context.testApi;
  describe("streaming", () => {
    if (!context.adapter.stream) {
      for (const title of STREAM_CASE_TITLES) it(`${title} (the adapter declares no stream replies)`);
      return;
    }
    declareDeltaCases(context);
    declareStreamFailureCases(context);
    declareRecordedStreamCases(context);
  });
}

function declareDeltaCases(context: ConformanceContext): void {
  const { it } = context.testApi;
  const { adapter } = context;
  const [textTitle, oneCallTitle, parallelTitle, breakTitle, idleTitle] = STREAM_CASE_TITLES;

  it(textTitle, async () => {
    const { server, client } = context.harness();
    server.enqueue(streamAdapter(context).textReply(PIECES, USAGE));
    server.enqueue(adapter.textReply(PIECES.join(""), USAGE));
    const { events, error } = await collectStream(client.streamResponse(PROMPT));
    assert.equal(error, undefined);
    assert.ok(eventsOfType(events, "text-delta").length >= 2, "the text came as several deltas");
    assert.equal(streamedText(events), PIECES.join(""));
    const usageEvents = eventsOfType(events, "usage");
    assert.equal(usageEvents.length, 1, "one usage event");
    assert.deepEqual(usageEvents[0].usage, adapter.expectedUsage(USAGE));
    const output = finishOutput(events);
    const generated = await client.generateResponse(PROMPT);
    assert.deepEqual(withoutAttempts(output), withoutAttempts(generated));
    assert.ok(adapter.readWire(server.requests[0]).texts.includes("Stream a greeting."));
  });

  it(oneCallTitle, async () => {
    const { server, client } = context.harness();
    const call = { id: "call_stream_one", name: "get_weather", arguments: { city: "Paris" } };
    server.enqueue(streamAdapter(context).toolCallReply([call]));
    const { events, error } = await collectStream(client.streamResponse(ASK_WEATHER, [WEATHER_TOOL], "auto"));
    assert.equal(error, undefined);
    const [start] = eventsOfType(events, "tool-call-start");
    assert.deepEqual({ index: start?.index, name: start?.name }, { index: 0, name: "get_weather" });
    const deltas = eventsOfType(events, "tool-call-delta").filter((event) => event.index === 0);
    assert.ok(deltas.length >= 1, "the arguments came as deltas");
    const ends = eventsOfType(events, "tool-call-end");
    assert.equal(ends.length, 1);
    assert.deepEqual(JSON.parse(ends[0].arguments), { city: "Paris" });
    assert.equal(deltas.map((event) => event.argumentsDelta).join(""), ends[0].arguments);
    const output = finishOutput(events);
    assert.equal(output.finishReason, "tool_calls");
    assert.deepEqual(output.toolCalls?.[0], {
      id: ends[0].id,
      type: "function",
      function: { name: "get_weather", arguments: ends[0].arguments },
    });
  });

  it(parallelTitle, async () => {
    const { server, client } = context.harness();
    const cities = ["Paris", "Tokyo", "Lima"];
    const calls = cities.map((city, i) => ({ id: `call_p${i}`, name: "get_weather", arguments: { city } }));
    server.enqueue(streamAdapter(context).toolCallReply(calls));
    const { events, error } = await collectStream(client.streamResponse(ASK_WEATHER, [WEATHER_TOOL], "auto"));
    assert.equal(error, undefined);
    const ends = eventsOfType(events, "tool-call-end");
    assert.deepEqual(
      ends.map((event) => [event.index, JSON.parse(event.arguments).city]),
      cities.map((city, index) => [index, city]),
    );
    assert.equal(new Set(ends.map((event) => event.id)).size, cities.length, "ids are distinct");
    for (const end of ends) {
      const joined = eventsOfType(events, "tool-call-delta")
        .filter((event) => event.index === end.index)
        .map((event) => event.argumentsDelta)
        .join("");
      assert.equal(joined, end.arguments, `the deltas of call ${end.index} add up to its arguments`);
    }
    assert.deepEqual(
      finishOutput(events).toolCalls?.map((call) => call.id),
      ends.map((event) => event.id),
    );
  });

  it(breakTitle, async () => {
    const { server, client } = context.harness();
    const reply = streamAdapter(context).textReply(PIECES, USAGE);
    server.enqueue({ ...reply, hangAfterEvents: eventIndexOf(reply, PIECES[0]) + 1 });
    for await (const event of client.streamResponse(PROMPT)) {
      if (event.type === "text-delta") break;
    }
    await waitUntil(() => server.requests[0]?.clientDisconnected === true, "the server saw the disconnect");
  });

  it(idleTitle, async () => {
    const { server, client } = context.harness();
    const reply = streamAdapter(context).textReply(PIECES, USAGE);
    server.enqueue({ ...reply, hangAfterEvents: eventIndexOf(reply, PIECES[0]) + 1 });
    const started = Date.now();
    const { events, error } = await collectStream(
      client.streamResponse(PROMPT, undefined, undefined, { idleTimeoutMs: 300 }),
    );
    assert.equal(error?.name, "TimeoutError");
    assert.equal((error as { phase?: string }).phase, "idle");
    assert.ok(Date.now() - started < 5000, "the idle timeout fired near idleTimeoutMs");
    assert.equal(streamedText(events), PIECES[0]);
    assert.equal(error.partialOutput?.content, PIECES[0]);
    await waitUntil(() => server.requests[0]?.clientDisconnected === true, "the server saw the disconnect");
  });
}
