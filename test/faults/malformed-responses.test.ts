/**
 * Fault class G of docs/reliability.md: replies that are malformed, truncated, blocked or of a newer shape,
 * through createRuntime against the fake servers. Every case must end in a valid LLMOutput or a
 * typed error (see check-outcome.ts). The fault rows' error names map to src/errors: MalformedToolArgumentsError
 * and ToolCallTruncatedError are LLMProviderError with providerCode `malformed_tool_arguments` or
 * `tool_call_truncated`; MalformedResponseError is a typed error of code `provider_error` (Gemini's
 * plugin: ProviderUnavailableError, retryable); SafetyBlockedError is ContentFilterError for a
 * blocked prompt and finishReason `content_filter` for a blocked answer; "unknown with raw value"
 * is finishReason `other` with `reasoningInfo.rawFinishReason`. G10 (a body over the size cap)
 * is tested in hostile-responses.test.ts.
 */
import { expect } from "chai";
import {
  anthropicJsonReply,
  anthropicMessage,
  anthropicStreamReply,
  type FakeReply,
  googleBlockedPromptResponse,
  googleGenerateContentResponse,
  googleJsonReply,
  openAIChatCompletion,
  openAIChunkEvents,
  openAIJsonReply,
  openAISseReply,
} from "../../src/testing/index.js";
import { outcomeProblems } from "./support/check-outcome.js";
import { PROMPT, useFaultHarness } from "./support/fault-harness.js";
import { FAULT_PROVIDERS, type FaultProvider, type ProviderName } from "./support/fault-providers.js";
import { settle } from "./support/settle.js";

const deeplyNested = `{"a":${"[".repeat(5000)}1${"]".repeat(5000)}}`;
const tenMegabytes = `{"blob":"${"x".repeat(10 * 1024 * 1024)}"}`;

const MALFORMED_ARGUMENTS: Array<[string, string]> = [
  ["truncated JSON", '{"city": "Lis'],
  ["single quotes", "{'city': 'Lisbon'}"],
  ["a trailing comma", '{"city": "Lisbon",}'],
  ["a bare newline in a string", '{"city": "Lis\nbon"}'],
  ["NaN", '{"temperature": NaN}'],
];
const EXTREME_ARGUMENTS: Array<[string, string]> = [
  ["a 10 MB string", tenMegabytes],
  ["5,000 levels of nesting", deeplyNested],
];

const openAICall = (args: string) =>
  openAIJsonReply(
    openAIChatCompletion({ toolCalls: [{ id: "call_1", name: "get_weather", arguments: args }] }),
  );

const openAIStreamedCall = (args: string) =>
  openAISseReply(openAIChunkEvents({ toolCalls: [{ id: "call_1", name: "get_weather", arguments: args }] }));

/** Anthropic streams tool input as partial JSON; a reply whose pieces join into `args`. */
function anthropicStreamedCall(args: string) {
  const reply = anthropicStreamReply({ toolUses: [{ id: "toolu_1", name: "get_weather", input: {} }] });
  const events = reply.events.map((event) => {
    const data = event.data as { type?: string; delta?: { type?: string } };
    if (data.type !== "content_block_delta" || data.delta?.type !== "input_json_delta") return event;
    return { ...event, data: { ...data, delta: { type: "input_json_delta", partial_json: args } } };
  });
  return { ...reply, events };
}

describe("faults G: malformed provider responses", function () {
  this.timeout(30_000);
  const harness = useFaultHarness();

  /** One call of `mode` against `provider` answered by `reply`, checked for a valid outcome. */
  async function answer(provider: ProviderName, reply: FakeReply, mode: "generate" | "stream" = "generate") {
    const { client } = await harness.open({ chain: [provider] });
    harness.servers[provider].enqueue(reply);
    if (mode === "generate") {
      const settled = await settle(harness, client.generateResponse(PROMPT));
      expect(outcomeProblems(settled)).to.deep.equal([]);
      return settled;
    }
    const { events, error } = await harness.stream(client.streamResponse(PROMPT));
    const finish = events.find((event) => event.type === "finish");
    const settled = error
      ? { error }
      : { output: finish?.type === "finish" ? finish.output : expect.fail("no finish") };
    expect(outcomeProblems(settled)).to.deep.equal([]);
    return settled;
  }

  describe("G1: malformed tool-call arguments are never coerced into a call", () => {
    const paths = [
      {
        name: "openai, non-streaming",
        provider: "openai" as const,
        mode: "generate" as const,
        reply: openAICall,
      },
      {
        name: "openai, streaming",
        provider: "openai" as const,
        mode: "stream" as const,
        reply: openAIStreamedCall,
      },
      {
        name: "anthropic, streaming",
        provider: "anthropic" as const,
        mode: "stream" as const,
        reply: anthropicStreamedCall,
      },
    ];
    for (const path of paths) {
      for (const [fault, args] of MALFORMED_ARGUMENTS) {
        harness.test(`${path.name}: ${fault} is a malformed_tool_arguments error`, async () => {
          const settled = await answer(path.provider, path.reply(args), path.mode);
          expect(settled.error?.providerCode).to.equal("malformed_tool_arguments");
        });
      }
    }
    for (const [fault, args] of EXTREME_ARGUMENTS) {
      harness.test(`openai: ${fault} that parses is handed over exactly as sent`, async () => {
        const settled = await answer("openai", openAICall(args));
        expect(settled.output?.toolCalls?.[0].function.arguments === args).to.equal(true);
      });
    }
  });

  harness.test(
    'G3 openai: finish_reason "length" with a partial tool call is a tool_call_truncated error',
    async () => {
      const reply = openAIJsonReply(
        openAIChatCompletion({
          toolCalls: [{ id: "call_1", name: "get_weather", arguments: '{"city": "Lis' }],
          finishReason: "length",
        }),
      );
      const settled = await answer("openai", reply);
      expect(settled.error?.providerCode).to.equal("tool_call_truncated");
    },
  );

  harness.test(
    'G2 anthropic: stop_reason "max_tokens" with a tool_use block is a tool_call_truncated error, no call handed over',
    async () => {
      const reply = anthropicJsonReply(
        anthropicMessage({
          toolUses: [{ id: "toolu_1", name: "get_weather", input: {} }],
          stopReason: "max_tokens",
        }),
      );
      const settled = await answer("anthropic", reply);
      expect(settled.output?.toolCalls ?? null, "no call handed over").to.equal(null);
      expect(settled.error?.providerCode).to.equal("tool_call_truncated");
    },
  );

  describe("G4, G5: Gemini blocks", () => {
    for (const blockReason of ["SAFETY", "PROHIBITED_CONTENT", "OTHER"]) {
      harness.test(
        `G4 no candidates and promptFeedback.blockReason ${blockReason} is ContentFilterError`,
        async () => {
          const settled = await answer("google", googleJsonReply(googleBlockedPromptResponse(blockReason)));
          expect(settled.error).to.include({ name: "ContentFilterError", providerCode: blockReason });
          expect(settled.error?.message).to.include("prompt");
        },
      );
    }
    const blocked = [
      "SAFETY",
      "RECITATION",
      "PROHIBITED_CONTENT",
      "SPII",
      "BLOCKLIST",
      "MALFORMED_FUNCTION_CALL",
    ];
    for (const finishReason of blocked) {
      harness.test(
        `G5 finishReason ${finishReason} with empty parts carries the reason, never an empty "stop"`,
        async () => {
          const body = {
            ...googleGenerateContentResponse({}),
            candidates: [{ content: { parts: [], role: "model" }, finishReason, index: 0 }],
          };
          const settled = await answer("google", googleJsonReply(body));
          const output = settled.output;
          expect(output?.finishReason).to.be.oneOf(
            finishReason === "MALFORMED_FUNCTION_CALL" ? ["other"] : ["content_filter"],
          );
          expect(output?.reasoningInfo?.rawFinishReason).to.equal(finishReason);
          expect(output?.content).to.equal(null);
        },
      );
    }
  });

  describe("G6: Anthropic stop reasons", () => {
    const rows = [
      { stopReason: "refusal", finishReason: "content_filter" },
      { stopReason: "pause_turn", finishReason: "other" },
      { stopReason: "model_context_window_exceeded", finishReason: "length" },
    ];
    for (const row of rows) {
      harness.test(
        `${row.stopReason} is finishReason ${row.finishReason} with the raw reason kept`,
        async () => {
          const settled = await answer(
            "anthropic",
            anthropicJsonReply(anthropicMessage({ text: "partial", stopReason: row.stopReason })),
          );
          expect(settled.output?.finishReason).to.equal(row.finishReason);
          expect(settled.output?.reasoningInfo?.rawFinishReason).to.equal(row.stopReason);
        },
      );
    }
  });

  describe("G7: HTTP 200 that is not the provider's body", () => {
    const MARKER = "BODY-BYTES-7f3a";
    const bodies: Array<{ fault: string; reply: FakeReply }> = [
      {
        fault: "an HTML page",
        reply: { kind: "text", contentType: "text/html", body: `<html><body>${MARKER}</body></html>` },
      },
      {
        fault: "a text/plain body",
        reply: { kind: "text", contentType: "text/plain", body: `all good ${MARKER}` },
      },
      { fault: "an empty body", reply: { kind: "text", contentType: "application/json", body: "" } },
      {
        fault: "truncated JSON",
        reply: { kind: "text", contentType: "application/json", body: `{"id":"x","${MARKER}` },
      },
      {
        fault: "a JSON body cut off by the connection",
        reply: {
          kind: "text",
          contentType: "application/json",
          body: `{"id":"x","choices":[],"${MARKER}":1}`,
          truncateAfterBytes: 12,
        },
      },
    ];
    for (const provider of FAULT_PROVIDERS) {
      for (const row of bodies) {
        harness.test(
          `${provider.name}: ${row.fault} is a typed error whose message does not echo the body`,
          async () => {
            const settled = await answer(provider.name, row.reply);
            expect(settled.error, "never a success").to.not.equal(undefined);
            expect(settled.error?.message).to.not.include(MARKER);
          },
        );
      }
    }
  });

  describe("G8: missing fields", () => {
    const rows: Array<{ provider: ProviderName; fault: string; body: () => unknown }> = [
      {
        provider: "openai",
        fault: "choices: []",
        body: () => ({ ...openAIChatCompletion({ content: "x" }), choices: [] }),
      },
      {
        provider: "openai",
        fault: "message.content null without calls",
        body: () => openAIChatCompletion({ content: null }),
      },
      {
        provider: "openai",
        fault: "usage absent",
        body: () => ({ ...openAIChatCompletion({ content: "x" }), usage: undefined }),
      },
      {
        provider: "anthropic",
        fault: "content: null",
        body: () => ({ ...anthropicMessage({ text: "x" }), content: null }),
      },
      {
        provider: "anthropic",
        fault: "usage absent",
        body: () => ({ ...anthropicMessage({ text: "x" }), usage: undefined }),
      },
      {
        provider: "google",
        fault: "candidates absent",
        body: () => ({ ...googleGenerateContentResponse({ text: "x" }), candidates: undefined }),
      },
      {
        provider: "google",
        fault: "candidates[0].content.parts absent",
        body: () => ({
          ...googleGenerateContentResponse({}),
          candidates: [{ content: { role: "model" }, finishReason: "STOP", index: 0 }],
        }),
      },
      {
        provider: "google",
        fault: "usageMetadata absent",
        body: () => ({ ...googleGenerateContentResponse({ text: "x" }), usageMetadata: undefined }),
      },
    ];
    for (const row of rows) {
      harness.test(`${row.provider}: ${row.fault} gives a normalized output or a typed error`, async () => {
        await answer(row.provider, { kind: "json", body: row.body() });
      });
    }
  });

  describe("G9: values from a newer API", () => {
    for (const provider of FAULT_PROVIDERS) {
      harness.test(
        `${provider.name}: an unknown finish reason is "other" with the raw value kept`,
        async () => {
          const settled = await answer(provider.name, provider.adapter.unknownFinishReasonReply("hello"));
          expect(settled.output).to.include({ content: "hello", finishReason: "other" });
          expect(settled.output?.reasoningInfo?.rawFinishReason).to.match(/reason_from_the_future/i);
        },
      );
    }
    const newBlocks: Array<{ provider: ProviderName; reply: () => FakeReply }> = [
      {
        provider: "openai",
        reply: () => {
          const body = openAIChatCompletion({ content: "hello" });
          const message = { ...body.choices[0].message, hologram: { frames: 3 } };
          return openAIJsonReply({ ...body, choices: [{ ...body.choices[0], message }] });
        },
      },
      {
        provider: "anthropic",
        reply: () =>
          anthropicJsonReply(
            anthropicMessage({
              content: [
                { type: "hologram", frames: 3 },
                { type: "text", text: "hello" },
              ],
            }),
          ),
      },
      {
        provider: "google",
        reply: () =>
          googleJsonReply({
            ...googleGenerateContentResponse({}),
            candidates: [
              {
                content: { parts: [{ hologram: { frames: 3 } }, { text: "hello" }], role: "model" },
                finishReason: "STOP",
                index: 0,
              },
            ],
          }),
      },
    ];
    for (const row of newBlocks) {
      harness.test(
        `${row.provider}: an unknown content block is passed over and the known text kept`,
        async () => {
          const settled = await answer(row.provider, row.reply());
          expect(settled.output?.content).to.equal("hello");
        },
      );
    }
  });

  describe("G11: error bodies in every shape", () => {
    const shapes: Array<{ shape: string; reply: (provider: FaultProvider, status: number) => FakeReply }> = [
      { shape: "the provider's JSON", reply: (provider, status) => provider.errorReply({ status }) },
      { shape: "plain text", reply: (_, status) => ({ kind: "text", status, body: "upstream said no" }) },
      {
        shape: "Gemini's array [{error}]",
        reply: (_, status) => ({
          kind: "json",
          status,
          body: [{ error: { code: status, message: "array-wrapped", status: "UNAVAILABLE" } }],
        }),
      },
      {
        shape: "an HTML error page",
        reply: (_, status) => ({
          kind: "text",
          status,
          contentType: "text/html",
          body: `<html><h1>${status} Bad Gateway</h1></html>`,
        }),
      },
    ];
    const statuses = [
      { status: 400, errorClass: "InvalidRequestError" },
      { status: 429, errorClass: "RateLimitError" },
      { status: 502, errorClass: "ProviderUnavailableError" },
    ];
    for (const provider of FAULT_PROVIDERS) {
      for (const { shape, reply } of shapes) {
        for (const { status, errorClass } of statuses) {
          harness.test(`${provider.name}: ${status} with ${shape} is ${errorClass}`, async () => {
            const settled = await answer(provider.name, reply(provider, status));
            expect(settled.error).to.include({ name: errorClass, status });
          });
        }
      }
    }
  });
});
