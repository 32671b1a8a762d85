/**
 * Bad caller input, through createRuntime against the three fake servers: each is an
 * InvalidRequestError naming a JSON pointer into the call, before any hook or provider sees it
 * (zero requests on the wire), for every provider alike.
 */
import { expect } from "chai";
import type { ChatMessage, ToolChoice, ToolDefinition } from "../../src/index.js";
import { PROMPT, useFaultHarness } from "./support/fault-harness.js";
import { FAULT_PROVIDERS } from "./support/fault-providers.js";

const TOOLS: ToolDefinition[] = [
  { type: "function", function: { name: "get_weather", parameters: { type: "object", properties: {} } } },
];

interface BadCall {
  title: string;
  messages: unknown;
  tools?: unknown;
  toolChoice?: unknown;
  pointer: string;
}

const BAD_CALLS: BadCall[] = [
  { title: "content 42", messages: [{ role: "user", content: 42 }], pointer: "/messages/0/content" },
  { title: "content null", messages: [{ role: "user", content: null }], pointer: "/messages/0/content" },
  {
    title: "content an object",
    messages: [{ role: "user", content: { text: "hi" } }],
    pointer: "/messages/0/content",
  },
  {
    title: "a part of unknown type",
    messages: [{ role: "user", content: [{ type: "input_audio", input_audio: {} }] }],
    pointer: "/messages/0/content/0/type",
  },
  {
    title: "a text part without text",
    messages: [{ role: "user", content: [{ type: "text" }] }],
    pointer: "/messages/0/content/0/text",
  },
  {
    title: "a tool message with no call before it",
    messages: [...PROMPT, { role: "tool", tool_call_id: "call_1", content: "sunny" }],
    pointer: "/messages/1/tool_call_id",
  },
  { title: "an empty conversation", messages: [], pointer: "/messages" },
  {
    title: "a system-only conversation",
    messages: [{ role: "system", content: "Be brief." }],
    pointer: "/messages",
  },
  { title: "an unknown role", messages: [{ role: "developer", content: "x" }], pointer: "/messages/0/role" },
  {
    title: "an assistant message with neither content nor calls",
    messages: [...PROMPT, { role: "assistant", content: null }, ...PROMPT],
    pointer: "/messages/1/content",
  },
  {
    title: "an invalid toolChoice string",
    messages: PROMPT,
    tools: TOOLS,
    toolChoice: "any",
    pointer: "/toolChoice",
  },
  {
    title: "a toolChoice naming a function not among tools",
    messages: PROMPT,
    tools: TOOLS,
    toolChoice: { type: "function", function: { name: "delete_everything" } },
    pointer: "/toolChoice",
  },
  {
    title: "toolChoice required without tools",
    messages: PROMPT,
    toolChoice: "required",
    pointer: "/toolChoice",
  },
  {
    title: "a tool that is not a function tool",
    messages: PROMPT,
    tools: [{ type: "web" }],
    pointer: "/tools/0",
  },
];

describe("faults: bad caller input is refused before any request", function () {
  this.timeout(20_000);
  const harness = useFaultHarness();

  for (const provider of FAULT_PROVIDERS) {
    describe(provider.name, () => {
      for (const call of BAD_CALLS) {
        harness.test(`${call.title}: InvalidRequestError at ${call.pointer}, nothing sent`, async () => {
          const { client } = await harness.open({ chain: [provider.name] });
          harness.servers[provider.name].setDefaultReply(provider.text("should never be asked"));
          const args = [
            call.messages as ChatMessage[],
            call.tools as ToolDefinition[] | undefined,
            call.toolChoice as ToolChoice | undefined,
          ] as const;
          const error = await harness.failure(client.generateResponse(...args));
          expect(error).to.include({ name: "InvalidRequestError", pointer: call.pointer, retryable: false });
          const streamed = await harness.stream(client.streamResponse(...args));
          expect(streamed.error).to.include({ name: "InvalidRequestError", pointer: call.pointer });
          expect(harness.servers[provider.name].requests).to.have.length(0);
        });
      }
    });
  }
});
