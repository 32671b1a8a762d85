import { expect } from "chai";
import { redactDumpMessage } from "../../../plugins/debug-dump/index.js";
import { type ChatMessage, EXTENSION_FIELD } from "../../../src/index.js";

const PROMPT = "my card is 4111 1111 1111 1111";

const assistant: ChatMessage = {
  role: "assistant",
  content: PROMPT,
  tool_calls: [
    { id: "call_1", type: "function", function: { name: "pay", arguments: `{"card":"${PROMPT}"}` } },
  ],
  [EXTENSION_FIELD]: {
    providerType: "anthropic",
    model: "claude",
    data: { content: [{ thinking: PROMPT }] },
  },
};

const user: ChatMessage = {
  role: "user",
  name: "alice",
  content: [
    { type: "text", text: PROMPT },
    { type: "image_url", image_url: { url: `data:image/png;base64,${"A".repeat(5000)}` } },
    {
      type: "file",
      file: { file_data: "data:application/pdf;base64,JVBERi0", filename: "alice-statement.pdf" },
    },
  ],
};

describe("debug-dump: prompt redaction", () => {
  it("replaces texts, names, arguments and extension data by their length when prompts are not dumped", () => {
    const text = JSON.stringify([redactDumpMessage(assistant, false), redactDumpMessage(user, false)]);
    expect(text).to.not.include("4111");
    expect(text).to.not.include("alice");
    expect(text).to.include(`[omitted: ${PROMPT.length} characters]`);
    expect(text).to.include('"name":"pay"');
    expect(text).to.include('"id":"call_1"');
    expect(text).to.include('"providerType":"anthropic"');
  });

  it("keeps texts and arguments when prompts are dumped, but never base64 payloads", () => {
    const text = JSON.stringify([redactDumpMessage(assistant, true), redactDumpMessage(user, true)]);
    expect(text).to.include(PROMPT);
    expect(text).to.include("alice-statement.pdf");
    expect(text).to.include("data:image/png;base64,[omitted: 5000 characters]");
    expect(text).to.not.include("AAAA");
  });

  it("keeps tool messages' function names and every role", () => {
    const tool: ChatMessage = { role: "tool", tool_call_id: "call_1", name: "pay", content: PROMPT };
    expect(redactDumpMessage(tool, false)).to.deep.equal({
      role: "tool",
      tool_call_id: "call_1",
      name: "pay",
      content: `[omitted: ${PROMPT.length} characters]`,
    });
  });
});
