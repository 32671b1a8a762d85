/**
 * Fault class D of docs/reliability.md: streams that fail, through streamResponse against the fake servers.
 * The fault rows' error names map to the runtime's classes (src/errors): StreamInterruptedError is the in-stream error's class
 * (ProviderUnavailableError for an overload) with `partialOutput`; IncompleteStreamError is
 * ConnectionError with `partialOutput`; ToolCallTruncatedError is an LLMProviderError whose
 * providerCode is `tool_call_truncated`. D8 and D9 are listed in NOT-COVERED.md.
 */
import { expect } from "chai";
import type { StreamEvent } from "../../src/index.js";
import {
  eventIndexOf,
  eventsOfType,
  streamedText,
  waitUntil,
} from "../../src/testing/conformance/stream-case-helpers.js";
import {
  anthropicStreamEvents,
  anthropicStreamReply,
  googleStreamChunks,
  googleStreamReply,
  openAIChunkEvents,
  openAISseReply,
  type SseEvent,
  type SseReply,
  type TextReply,
} from "../../src/testing/index.js";
import { fallback, fastRetry, PROMPT, useFaultHarness } from "./support/fault-harness.js";
import { FAULT_PROVIDERS, type FaultProvider, type ProviderName } from "./support/fault-providers.js";

const PIECES = ["Alpha-", "Bravo-", "Charlie."];
const CALL = { id: "call_weather_1", name: "get_weather", arguments: { city: "Lisbon", unit: "celsius" } };

const nextOf = (provider: FaultProvider) =>
  FAULT_PROVIDERS[(FAULT_PROVIDERS.indexOf(provider) + 1) % FAULT_PROVIDERS.length];

function streamAdapterOf(provider: FaultProvider) {
  const stream = provider.adapter.stream;
  if (!stream) throw new Error(`${provider.name} has no stream replies`);
  return stream;
}

/** No tool call was handed over as complete, and the stream never finished. */
function expectNoCompleteCall(events: StreamEvent[]): void {
  expect(eventsOfType(events, "tool-call-end")).to.have.length(0);
  expect(eventsOfType(events, "finish")).to.have.length(0);
}

describe("faults D: streaming", function () {
  this.timeout(20_000);
  const harness = useFaultHarness();

  for (const provider of FAULT_PROVIDERS) {
    describe(provider.name, () => {
      const secondary = nextOf(provider);
      const openRetrying = () =>
        harness.open({ chain: [provider.name, secondary.name], plugins: [fastRetry(), fallback()] });

      harness.test(
        "D1 a 5xx before the first byte is retried, and the caller sees the text once",
        async () => {
          const { client } = await openRetrying();
          const server = harness.servers[provider.name];
          server.enqueue(provider.errorReply({ status: 503 }), provider.streamText(PIECES));
          const { events, error } = await harness.stream(client.streamResponse(PROMPT));
          expect(error).to.equal(undefined);
          expect(streamedText(events)).to.equal(PIECES.join(""));
          expect(server.requests).to.have.length(2);
        },
      );

      harness.test(
        "D2 an error event after HTTP 200 but before any delta is retried transparently",
        async () => {
          const { client } = await openRetrying();
          const server = harness.servers[provider.name];
          const failing = streamAdapterOf(provider).errorEventReply([]);
          if (!failing) expect.fail("the provider has an in-stream error event");
          server.enqueue(failing, provider.streamText(PIECES));
          const { events, error } = await harness.stream(client.streamResponse(PROMPT));
          expect(error).to.equal(undefined);
          expect(streamedText(events)).to.equal(PIECES.join(""));
          expect(server.requests).to.have.length(2);
        },
      );

      harness.test(
        "D3 an error event after a delta ends the stream with partial output: no retry, no fallback",
        async () => {
          const { client } = await openRetrying();
          const failing = streamAdapterOf(provider).errorEventReply([PIECES[0]]);
          if (!failing) expect.fail("the provider has an in-stream error event");
          harness.servers[provider.name].enqueue(failing);
          harness.servers[provider.name].setDefaultReply(provider.streamText(PIECES));
          const { events, error } = await harness.stream(client.streamResponse(PROMPT));
          expect(error?.name).to.equal("ProviderUnavailableError");
          expect(error?.partialOutput?.content).to.equal(PIECES[0]);
          expect(streamedText(events), "no duplicated prefix").to.equal(PIECES[0]);
          expect(harness.servers[provider.name].requests).to.have.length(1);
          expect(harness.servers[secondary.name].requests).to.have.length(0);
        },
      );

      harness.test(
        "D4 a connection closed mid-stream without a terminator is a ConnectionError, never a finish",
        async () => {
          const { client } = await openRetrying();
          const reply = provider.streamText(PIECES);
          harness.servers[provider.name].enqueue({
            ...reply,
            cutAfterEvents: eventIndexOf(reply, PIECES[1]) + 1,
          });
          const { events, error } = await harness.stream(client.streamResponse(PROMPT));
          expect(error?.name).to.equal("ConnectionError");
          expect(error?.partialOutput?.content).to.equal(PIECES[0] + PIECES[1]);
          expect(eventsOfType(events, "finish")).to.have.length(0);
          expect(harness.servers[secondary.name].requests).to.have.length(0);
        },
      );

      harness.test(
        "D4 a cut after a retried 503 reports the cut itself, not retryable, never the earlier 503",
        async () => {
          const { client } = await openRetrying();
          const reply = provider.streamText(PIECES);
          harness.servers[provider.name].enqueue(provider.errorReply({ status: 503 }), {
            ...reply,
            cutAfterEvents: eventIndexOf(reply, PIECES[1]) + 1,
          });
          const { error } = await harness.stream(client.streamResponse(PROMPT));
          expect(error?.name).to.equal("ConnectionError");
          expect(error?.retryable, "a stream that delivered text is not retried").to.equal(false);
          expect(error?.partialOutput?.content).to.equal(PIECES[0] + PIECES[1]);
          expect(error?.errors.map((each) => each.code)).to.deep.equal([
            "provider_unavailable",
            "connection",
          ]);
        },
      );

      harness.test("D7 a consumer that breaks out of the loop closes the upstream request", async () => {
        const { client } = await harness.open({ chain: [provider.name] });
        const server = harness.servers[provider.name];
        const reply = provider.streamText(PIECES);
        server.enqueue({ ...reply, hangAfterEvents: eventIndexOf(reply, PIECES[0]) + 1 });
        for await (const event of client.streamResponse(PROMPT)) {
          if (event.type === "text-delta") break;
        }
        await waitUntil(
          () => server.requests[0]?.clientDisconnected === true,
          "the server saw the disconnect",
        );
      });
    });
  }

  describe("D5: a stream ending inside a tool call's arguments", () => {
    const rows: Array<{ provider: ProviderName; fault: string; reply: () => SseReply; truncated: boolean }> =
      [
        {
          provider: "openai",
          fault: "the connection cut mid-arguments",
          reply: () => openAICutCall(false),
          truncated: false,
        },
        {
          provider: "openai",
          fault: 'finish_reason "length" mid-arguments',
          reply: () => openAICutCall(true),
          truncated: true,
        },
        {
          provider: "anthropic",
          fault: "the connection cut mid-input",
          reply: () => anthropicCutCall(false),
          truncated: true,
        },
        {
          provider: "anthropic",
          fault: 'stop_reason "max_tokens" mid-input',
          reply: () => anthropicCutCall(true),
          truncated: true,
        },
        // Gemini sends each call whole in one chunk: a cut can only fall before it.
        {
          provider: "google",
          fault: "the connection cut before the call's chunk",
          reply: googleCutCall,
          truncated: false,
        },
      ];
    for (const row of rows) {
      harness.test(`${row.provider}: ${row.fault} yields no complete call and a typed error`, async () => {
        const { client } = await harness.open({ chain: [row.provider], plugins: [fastRetry()] });
        harness.servers[row.provider].enqueue(row.reply());
        const { events, error } = await harness.stream(client.streamResponse(PROMPT));
        expectNoCompleteCall(events);
        expect(error, "the stream failed").to.not.equal(undefined);
        if (row.truncated) expect(error?.providerCode).to.equal("tool_call_truncated");
        else expect(error?.name).to.equal("ConnectionError");
        expect(harness.servers[row.provider].requests).to.have.length(1);
      });
    }
  });

  describe("D6: SSE framing decoded exactly", () => {
    const text = ["Olá ", "😀 naïve ", "日本語"];
    const variants: Array<{ name: string; skip?: ProviderName; build: (events: SseEvent[]) => TextReply }> = [
      { name: "CRLF line endings", build: (events) => rawSse(events) },
      {
        name: "a comment block between events",
        build: (events) => rawSse(events, { 1: ": keep-alive\r\n\r\n" }),
      },
      // Not for google: @google/genai drops an event whose first line is not `data:`, a limit of
      // the SDK the plugin cannot work around (NOT-COVERED.md, stream-google-events.ts).
      {
        name: "a comment line inside an event",
        skip: "google",
        build: (events) => rawSse(events, { 1: ": keep-alive\r\n" }),
      },
      {
        name: "an event line without data",
        build: (events) => rawSse(events, { 2: "event: noise\r\n\r\n" }),
      },
      {
        name: "a chunk boundary inside a multi-byte character",
        build: (events) => splitAt(rawSse(events), "😀", 2),
      },
      {
        name: "a chunk boundary between CR and LF",
        build: (events) => splitAt(rawSse(events), "\r\n\r\n", 1),
      },
    ];
    const sources: Record<ProviderName, () => SseEvent[]> = {
      openai: () => openAIChunkEvents({ textPieces: text }),
      anthropic: () => anthropicStreamEvents({ text: text.join("") }),
      google: () => googleStreamChunks({ textChunks: text }).map((data) => ({ data })),
    };
    for (const provider of FAULT_PROVIDERS) {
      for (const variant of variants) {
        if (variant.skip === provider.name) continue;
        harness.test(`${provider.name}: ${variant.name}`, async () => {
          const { client } = await harness.open({ chain: [provider.name] });
          harness.servers[provider.name].enqueue(variant.build(sources[provider.name]()));
          const { events, error } = await harness.stream(client.streamResponse(PROMPT));
          expect(error).to.equal(undefined);
          expect(streamedText(events)).to.equal(text.join(""));
        });
      }
    }
  });
});

/** Events written by hand with CRLF endings, `extra` text put before the event at each index. */
function rawSse(events: SseEvent[], extra: Record<number, string> = {}): TextReply {
  let body = "";
  for (const [index, event] of events.entries()) {
    body += extra[index] ?? "";
    if (event.event !== undefined) body += `event: ${event.event}\r\n`;
    body += `data: ${typeof event.data === "string" ? event.data : JSON.stringify(event.data)}\r\n\r\n`;
  }
  return { kind: "text", body, contentType: "text/event-stream" };
}

/** The reply with a pause `offset` bytes into the first `marker`: two TCP writes split there. */
function splitAt(reply: TextReply, marker: string, offset: number): TextReply {
  const at = Buffer.from(reply.body).indexOf(Buffer.from(marker), 10);
  return { ...reply, stall: { afterBytes: at + offset, stallMs: 30 } };
}

function openAICutCall(byLength: boolean): SseReply {
  const events = openAIChunkEvents({ toolCalls: [CALL] });
  const argumentsAt = events.findIndex((event) => JSON.stringify(event.data).includes('\\"city\\"'));
  const chunk = events[argumentsAt].data as { choices: Array<Record<string, unknown>> };
  const partial = JSON.stringify(CALL.arguments).slice(0, 12);
  const cut = {
    data: {
      ...chunk,
      choices: [
        {
          index: 0,
          delta: { tool_calls: [{ index: 0, function: { arguments: partial } }] },
          finish_reason: null,
        },
      ],
    },
  };
  const head = [...events.slice(0, argumentsAt), cut];
  if (!byLength)
    return { ...openAISseReply([...head, ...events.slice(argumentsAt + 1)]), cutAfterEvents: head.length };
  const length = { data: { ...chunk, choices: [{ index: 0, delta: {}, finish_reason: "length" }] } };
  return openAISseReply([...head, length, { data: "[DONE]" }]);
}

function anthropicCutCall(byMaxTokens: boolean): SseReply {
  const reply = anthropicStreamReply(
    { toolUses: [{ id: "toolu_weather_1", name: CALL.name, input: CALL.arguments }] },
    { pieceLength: 7 },
  );
  const firstInput = reply.events.findIndex((event) =>
    JSON.stringify(event.data).includes("input_json_delta"),
  );
  if (!byMaxTokens) return { ...reply, cutAfterEvents: firstInput + 2 };
  const stop = (type: string, data: Record<string, unknown>) => ({ event: type, data: { type, ...data } });
  return {
    ...reply,
    events: [
      ...reply.events.slice(0, firstInput + 2),
      stop("message_delta", {
        delta: { stop_reason: "max_tokens", stop_sequence: null },
        usage: { output_tokens: 9 },
      }),
      stop("message_stop", {}),
    ],
  };
}

function googleCutCall(): SseReply {
  const reply = googleStreamReply({
    textChunks: ["Checking. "],
    functionCalls: [{ ...CALL, args: CALL.arguments }],
  });
  return { ...reply, cutAfterEvents: 1 };
}
