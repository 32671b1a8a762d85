import { fileURLToPath } from "node:url";
import { expect } from "chai";
import { redactPiiMessages, redactPiiText, StreamRedactor } from "../../examples/redact-pii/index.js";
import type { ScriptedProviderClient } from "../../plugins/scripted/index.js";
import { type ChatMessage, createRuntime, isLLMError, type StreamEvent } from "../../src/index.js";
import { captureLogger } from "../kernel/runtime-fixture.js";

const PLUGIN = fileURLToPath(new URL("../../examples/redact-pii/index.ts", import.meta.url));
const DEFAULTS = { emails: true, phones: true, emailPlaceholder: "[email]", phonePlaceholder: "[phone]" };

const EMAIL = "alice.smith+work@mail.example.co.uk";
const PHONES = [
  "+47 912 34 567",
  "+1 (555) 123-4567",
  "(555) 123-4567",
  "555-123-4567",
  "030 1234 5678",
  "+4791234567",
];

async function redactingRuntime(rules: unknown[], extraPlugins: unknown[] = [], options: object = {}) {
  const { logger, lines } = captureLogger();
  const runtime = await createRuntime({
    config: {
      plugins: ["scripted", { use: PLUGIN, options }, ...extraPlugins],
      providers: { mock: { type: "scripted", rules } },
      clients: { default: { provider: "mock", model: "mock-model" } },
    },
    env: {},
    logger,
  });
  const scripted = runtime.providerClient("mock") as ScriptedProviderClient;
  return { runtime, client: runtime.client(), scripted, lines };
}

describe("examples/redact-pii", () => {
  describe("redactPiiText", () => {
    it("replaces an e-mail address and counts it", () => {
      const counts = { emails: 0, phones: 0 };
      expect(redactPiiText(`write to ${EMAIL} today`, DEFAULTS, counts)).to.equal("write to [email] today");
      expect(counts).to.deep.equal({ emails: 1, phones: 0 });
    });

    for (const phone of PHONES) {
      it(`replaces the phone number ${phone}`, () => {
        expect(redactPiiText(`call ${phone} now`, DEFAULTS)).to.equal("call [phone] now");
      });
    }

    for (const kept of [
      "2024-01-15",
      "15.01.2024",
      "192.168.100.200",
      "3.14159265",
      "1770000000000",
      "order 4471-2291",
      "v1.2.3",
    ]) {
      it(`keeps ${kept}, which is not a phone number`, () => {
        expect(redactPiiText(`value ${kept} here`, DEFAULTS)).to.equal(`value ${kept} here`);
      });
    }

    it("leaves a kind alone when its option is off", () => {
      const text = `${EMAIL} ${PHONES[0]}`;
      expect(redactPiiText(text, { ...DEFAULTS, emails: false })).to.equal(`${EMAIL} [phone]`);
      expect(redactPiiText(text, { ...DEFAULTS, phones: false })).to.equal(`[email] ${PHONES[0]}`);
    });
  });

  describe("redactPiiMessages", () => {
    it("redacts contents, text parts and tool-call arguments, keeps image parts and extension data, and never changes the input", () => {
      const messages: ChatMessage[] = [
        { role: "system", content: `Escalate to ${EMAIL}.` },
        {
          role: "user",
          content: [
            { type: "text", text: `I am at ${PHONES[1]}` },
            { type: "image_url", image_url: { url: "data:image/png;base64,AAAA" } },
          ],
        },
        {
          role: "assistant",
          content: null,
          tool_calls: [
            {
              id: "call_1",
              type: "function",
              function: { name: "lookup", arguments: JSON.stringify({ email: EMAIL }) },
            },
          ],
          llm_runtime: { providerType: "google", model: "gemini-3", data: { note: EMAIL } },
        },
        { role: "tool", tool_call_id: "call_1", content: `found ${EMAIL}, ${PHONES[3]}` },
      ];
      const before = structuredClone(messages);
      const { messages: redacted, counts } = redactPiiMessages(messages, DEFAULTS);
      expect(messages).to.deep.equal(before);
      expect(counts).to.deep.equal({ emails: 3, phones: 2 });
      expect(redacted[0].content).to.equal("Escalate to [email].");
      expect(redacted[1].content).to.deep.equal([
        { type: "text", text: "I am at [phone]" },
        { type: "image_url", image_url: { url: "data:image/png;base64,AAAA" } },
      ]);
      const assistant = redacted[2] as Extract<ChatMessage, { role: "assistant" }>;
      expect(JSON.parse(assistant.tool_calls?.[0].function.arguments ?? "")).to.deep.equal({
        email: "[email]",
      });
      expect(assistant.llm_runtime?.data).to.deep.equal({ note: EMAIL });
      expect(redacted[3].content).to.equal("found [email], [phone]");
    });
  });

  describe("StreamRedactor", () => {
    const text = `Mail ${EMAIL} or call ${PHONES[0]}, or ${PHONES[1]} at 9, ok?`;
    const shown = (events: StreamEvent[]) =>
      events.map((event) => (event.type === "text-delta" ? event.delta : "")).join("");

    it("shows the same text as redacting the whole, however the deltas are cut", () => {
      const whole = redactPiiText(text, DEFAULTS);
      for (let first = 1; first < text.length; first++) {
        for (const second of [first + 1, first + 3, first + 7]) {
          if (second >= text.length) continue;
          const redactor = new StreamRedactor(DEFAULTS);
          const parts = [text.slice(0, first), text.slice(first, second), text.slice(second)];
          const events = parts.flatMap((delta) => redactor.redact({ type: "text-delta", delta }));
          events.push(
            ...redactor.redact({
              type: "usage",
              usage: { promptTokens: 1, completionTokens: 1, totalTokens: 2 },
            }),
          );
          const deltas = shown(events);
          expect(deltas, `cut at ${first} and ${second}`).to.equal(whole);
          expect(deltas).not.to.include("mail.example");
        }
      }
    });

    it("releases what it held, redacted, before the first event of another kind", () => {
      const redactor = new StreamRedactor(DEFAULTS);
      expect(redactor.redact({ type: "text-delta", delta: "write to bob@cor" })).to.deep.equal([
        { type: "text-delta", delta: "write to " },
      ]);
      expect(redactor.redact({ type: "text-delta", delta: "p.example" })).to.deep.equal([]);
      const start = { type: "tool-call-start" as const, index: 0, id: "call_1", name: "mail" };
      expect(redactor.redact(start)).to.deep.equal([{ type: "text-delta", delta: "[email]" }, start]);
    });
  });

  describe("loaded through createRuntime by config", () => {
    it("redacts a streamed answer's deltas and its final output, an address split across deltas included", async () => {
      const chunks = [
        "Sure, write to al",
        "ice.smith+work@mail",
        ".example.co.uk or call +47 912",
        " 34 567",
        " today.",
      ];
      const { runtime, client } = await redactingRuntime([{ reply: { text: chunks.join(""), chunks } }]);
      try {
        const deltas: string[] = [];
        let final: string | null = null;
        for await (const event of client.streamResponse([{ role: "user", content: "how?" }])) {
          if (event.type === "text-delta") deltas.push(event.delta);
          if (event.type === "finish") final = event.output.content;
        }
        expect(deltas.join("")).to.equal("Sure, write to [email] or call [phone] today.");
        expect(final).to.equal("Sure, write to [email] or call [phone] today.");
        for (const delta of deltas) expect(delta).not.to.match(/mail\.example|912/);
        const output = await client.generateResponse([{ role: "user", content: "how?" }]);
        expect(output.content).to.equal("Sure, write to [email] or call [phone] today.");
      } finally {
        await runtime.close();
      }
    });

    it("sends the provider the request without e-mail addresses or phone numbers, and leaves the caller's history alone", async () => {
      const { runtime, client, scripted } = await redactingRuntime([{ reply: { text: "noted" } }]);
      try {
        const history: ChatMessage[] = [{ role: "user", content: `Mail ${EMAIL} or call ${PHONES[0]}.` }];
        const output = await client.generateResponse(history);
        expect(output.content).to.equal("noted");
        expect(scripted.requests[0].request.messages[0].content).to.equal("Mail [email] or call [phone].");
        expect(history[0].content).to.equal(`Mail ${EMAIL} or call ${PHONES[0]}.`);
      } finally {
        await runtime.close();
      }
    });

    it("keeps the values out of the logs: the debug dump of a failed request and its own log line show only placeholders and counts", async () => {
      const rules = [{ error: { kind: "invalid_request", status: 400, message: "refused" } }];
      const { runtime, client, lines } = await redactingRuntime(rules, [
        { use: "debug-dump", options: { dumpPrompts: true } },
      ]);
      try {
        const failure = await client
          .generateResponse([{ role: "user", content: `Mail ${EMAIL} or call ${PHONES[1]}.` }])
          .catch((error: unknown) => error);
        expect(isLLMError(failure, "invalid_request")).to.equal(true);
        const dumpLine = lines.find((line) => line.includes("request failed: debug dump"));
        expect(dumpLine, "the debug dump was logged").to.be.a("string");
        expect(dumpLine).to.include("[email]").and.include("[phone]");
        const log = lines.join("\n");
        expect(log).not.to.include(EMAIL);
        expect(log).not.to.include("123-4567");
        const own = lines
          .map((line) => JSON.parse(line))
          .find((entry) => entry.msg === "redacted personal data");
        expect(own).to.include({ plugin: "redact-pii", emails: 1, phones: 1 });
      } finally {
        await runtime.close();
      }
    });

    it("uses the configured placeholders", async () => {
      const { runtime, client, scripted } = await redactingRuntime([{ reply: { text: "ok" } }], [], {
        emailPlaceholder: "<e-mail removed>",
        phones: false,
      });
      try {
        await client.generateResponse([{ role: "user", content: `${EMAIL} ${PHONES[3]}` }]);
        expect(scripted.requests[0].request.messages[0].content).to.equal(`<e-mail removed> ${PHONES[3]}`);
      } finally {
        await runtime.close();
      }
    });

    it("refuses a placeholder that would break tool-call arguments' JSON, naming the option", async () => {
      const failure = await redactingRuntime([{ reply: { text: "ok" } }], [], {
        phonePlaceholder: 'say "no"',
      }).catch((error: unknown) => error);
      expect(isLLMError(failure, "plugin")).to.equal(true);
      expect((failure as Error).message).to.include("phonePlaceholder");
    });
  });
});
