import { createHash } from "node:crypto";
import { expect } from "chai";
import {
  type ChatMessage,
  createRuntime,
  definePlugin,
  InvalidRequestError,
  isLLMError,
  type LLMOutput,
  type LLMRequest,
  type ToolCallIdFormat,
} from "../../../src/index.js";
import { captureLogger } from "../runtime-fixture.js";

/** A made-up provider that takes only short alphanumeric tool-call IDs. */
const STRICT_IDS: ToolCallIdFormat = {
  pattern: /^[A-Za-z0-9]+$/,
  maxLength: 12,
  mint: (foreignId) => `t${createHash("sha256").update(foreignId).digest("hex").slice(0, 11)}`,
};

function strictProvider(format: ToolCallIdFormat, received: LLMRequest[]) {
  return definePlugin({
    name: "strict-ids",
    apiVersion: 2,
    optionsSchema: { type: "object" },
    setup(context) {
      context.registerProvider(
        "strict",
        () => ({
          async generate(request): Promise<LLMOutput> {
            received.push(request);
            for (const message of request.messages) {
              const ids =
                message.role === "assistant"
                  ? (message.tool_calls ?? []).map((call) => call.id)
                  : message.role === "tool"
                    ? [message.tool_call_id]
                    : [];
              for (const id of ids) {
                if (!(id.length <= 12 && /^[A-Za-z0-9]+$/.test(id))) {
                  throw new InvalidRequestError(`tool-call id ${id} refused`, {
                    provider: request.provider,
                    model: request.model,
                  });
                }
              }
            }
            return {
              content: "done",
              toolCalls: null,
              usage: { promptTokens: 1, completionTokens: 1, totalTokens: 2 },
              finishReason: "stop",
              provider: "",
              model: "",
              reasoningInfo: null,
              attempts: [],
            };
          },
        }),
        { requiresApiKey: false, toolCallIds: format },
      );
    },
  });
}

/** A tool loop whose IDs came from another provider: OpenAI-style, longer than 12 and with `_`. */
const toolLoop: ChatMessage[] = [
  { role: "user", content: "what is the weather in Oslo and Bergen?" },
  {
    role: "assistant",
    content: null,
    tool_calls: [
      {
        id: "call_Ab12Cd34Ef56Gh78",
        type: "function",
        function: { name: "weather", arguments: '{"city":"Oslo"}' },
      },
      {
        id: "call_Zz99Yy88Xx77",
        type: "function",
        function: { name: "weather", arguments: '{"city":"Bergen"}' },
      },
    ],
  },
  { role: "tool", tool_call_id: "call_Ab12Cd34Ef56Gh78", content: "rain" },
  { role: "tool", tool_call_id: "call_Zz99Yy88Xx77", content: "sun" },
];

describe("a third-party provider's declared tool-call-ID rule", () => {
  it("gets IDs it accepts, paired call to result, after a fallback into it mid tool loop", async () => {
    const received: LLMRequest[] = [];
    const runtime = await createRuntime({
      config: {
        plugins: ["scripted", "fallback", "id-translation", strictProvider(STRICT_IDS, received)],
        providers: {
          primary: { type: "scripted", rules: [{ error: { kind: "provider_unavailable", status: 503 } }] },
          strict: { type: "strict" },
        },
        clients: {
          default: {
            provider: "primary",
            model: "primary-model",
            fallbacks: [{ provider: "strict", model: "s1" }],
          },
        },
      },
      env: {},
      logger: captureLogger().logger,
    });
    try {
      const output = await runtime.client().generateResponse(toolLoop);
      expect(output.content).to.equal("done");
      expect(output.attempts.map((record) => `${record.provider} ${record.outcome}`)).to.deep.equal([
        "primary error",
        "strict success",
      ]);
      const [assistant, first, second] = received[0].messages.slice(1) as [
        Extract<ChatMessage, { role: "assistant" }>,
        Extract<ChatMessage, { role: "tool" }>,
        Extract<ChatMessage, { role: "tool" }>,
      ];
      const ids = (assistant.tool_calls ?? []).map((call) => call.id);
      expect(ids).to.deep.equal([
        STRICT_IDS.mint("call_Ab12Cd34Ef56Gh78"),
        STRICT_IDS.mint("call_Zz99Yy88Xx77"),
      ]);
      expect([first.tool_call_id, second.tool_call_id]).to.deep.equal(ids);
      // The caller's history is its own: nothing was rewritten in place.
      expect((toolLoop[1] as Extract<ChatMessage, { role: "assistant" }>).tool_calls?.[0].id).to.equal(
        "call_Ab12Cd34Ef56Gh78",
      );
    } finally {
      await runtime.close();
    }
  });

  it("is refused at load when its mint makes IDs its own pattern refuses", async () => {
    const broken: ToolCallIdFormat = { ...STRICT_IDS, mint: (foreignId) => `call_${foreignId}` };
    const error = await createRuntime({
      config: {
        plugins: [strictProvider(broken, [])],
        providers: { strict: { type: "strict" } },
        clients: { default: { provider: "strict", model: "s1" } },
      },
      env: {},
      logger: captureLogger().logger,
    }).catch((thrown: unknown) => thrown);
    expect(isLLMError(error, "plugin")).to.equal(true);
    expect((error as Error).message).to.match(/toolCallIds of provider type "strict" mint made/);
  });
});
