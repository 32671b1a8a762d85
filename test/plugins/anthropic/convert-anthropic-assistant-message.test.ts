import { expect } from "chai";
import { convertAnthropicAssistantMessage } from "../../../plugins/anthropic/convert-anthropic-assistant-message.js";
import { type AssistantMessage, EXTENSION_FIELD, isLLMError } from "../../../src/index.js";

const TARGET = { provider: "anthropic", model: "claude-sonnet-4-6" };
const THINKING = { type: "thinking", thinking: "925 / 5 = 185", signature: "Er4BCkYICxgCKkCo" };
const REDACTED = { type: "redacted_thinking", data: "EmwKAhgBEgy3va3pzix" };

function withExtension(
  message: AssistantMessage,
  content: unknown[],
  providerType = "anthropic",
): AssistantMessage {
  return { ...message, [EXTENSION_FIELD]: { providerType, model: "claude-sonnet-4-6", data: { content } } };
}

function call(id: string, args: string) {
  return { id, type: "function" as const, function: { name: "get_weather", arguments: args } };
}

describe("convertAnthropicAssistantMessage", () => {
  it("sends text then one tool_use per tool call, arguments parsed into input", () => {
    const blocks = convertAnthropicAssistantMessage(
      { role: "assistant", content: "Checking.", tool_calls: [call("call_1", '{"city":"Paris"}')] },
      TARGET,
    );
    expect(blocks).to.deep.equal([
      { type: "text", text: "Checking." },
      { type: "tool_use", id: "call_1", name: "get_weather", input: { city: "Paris" } },
    ]);
  });

  it("refuses malformed arguments JSON with InvalidRequestError naming the call, never sending {}", () => {
    let thrown: unknown;
    try {
      convertAnthropicAssistantMessage(
        { role: "assistant", content: null, tool_calls: [call("call_bad", '{"city": "Par')] },
        TARGET,
      );
    } catch (error) {
      thrown = error;
    }
    expect(isLLMError(thrown, "invalid_request")).to.equal(true);
    expect((thrown as Error).message)
      .to.include("call_bad")
      .and.include("not valid JSON");
    expect((thrown as Error).message, "the arguments text stays out of the message").to.not.include("Par");
    expect((thrown as Error).cause).to.equal(undefined);
  });

  it("refuses arguments that are valid JSON but not an object", () => {
    expect(() =>
      convertAnthropicAssistantMessage(
        { role: "assistant", content: null, tool_calls: [call("c", "[1,2]")] },
        TARGET,
      ),
    ).to.throw(/not a JSON object/);
  });

  it("parses a call sent again only once, and again when its arguments were replaced in place", () => {
    const message: AssistantMessage = {
      role: "assistant",
      content: null,
      tool_calls: [call("call_1", '{"city":"Paris"}')],
    };
    const inputOf = () =>
      (convertAnthropicAssistantMessage(message, TARGET)[0] as { input: Record<string, unknown> }).input;
    const first = inputOf();
    expect(inputOf(), "the same call, the same parse").to.equal(first);
    message.tool_calls![0].function.arguments = '{"city":"Lyon"}';
    expect(inputOf()).to.deep.equal({ city: "Lyon" });
    message.tool_calls![0].function.arguments = "[1]";
    expect(inputOf, "replaced with something invalid: refused, never the old input").to.throw(
      /not a JSON object/,
    );
  });

  it("sends thinking blocks back unchanged, signature included, in their original place", () => {
    const message = withExtension(
      { role: "assistant", content: "185", tool_calls: [call("toolu_1", '{"city":"Paris"}')] },
      [THINKING, { type: "text", text: "185" }, REDACTED, { type: "tool_call_slot", id: "toolu_1" }],
    );
    expect(convertAnthropicAssistantMessage(message, TARGET)).to.deep.equal([
      THINKING,
      { type: "text", text: "185" },
      REDACTED,
      { type: "tool_use", id: "toolu_1", name: "get_weather", input: { city: "Paris" } },
    ]);
  });

  it("drops the extension of another provider type and sends only text and tool calls", () => {
    const message = withExtension(
      { role: "assistant", content: "hi" },
      [THINKING, { type: "text", text: "hi" }],
      "google",
    );
    expect(convertAnthropicAssistantMessage(message, TARGET)).to.deep.equal([{ type: "text", text: "hi" }]);
  });

  it("keeps split text blocks (citations) and server-tool blocks in place when the text is unchanged", () => {
    const search = {
      type: "server_tool_use",
      id: "srvtoolu_1",
      name: "web_search",
      input: { query: "news" },
    };
    const result = { type: "web_search_tool_result", tool_use_id: "srvtoolu_1", content: [] };
    const message = withExtension({ role: "assistant", content: "Found: it rains." }, [
      search,
      result,
      { type: "text", text: "Found: " },
      { type: "text", text: "it rains." },
    ]);
    expect(convertAnthropicAssistantMessage(message, TARGET)).to.deep.equal([
      search,
      result,
      { type: "text", text: "Found: " },
      { type: "text", text: "it rains." },
    ]);
  });

  it("puts text the application edited into the place of the first remembered text block", () => {
    const message = withExtension({ role: "assistant", content: "Edited answer." }, [
      THINKING,
      { type: "text", text: "Original " },
      { type: "text", text: "answer." },
    ]);
    expect(convertAnthropicAssistantMessage(message, TARGET)).to.deep.equal([
      THINKING,
      { type: "text", text: "Edited answer." },
    ]);
  });

  it("takes tool-call ids from the message, so ids rewritten after the turn still pair with their results", () => {
    const message = withExtension(
      { role: "assistant", content: null, tool_calls: [call("renamed_1", "{}")] },
      [THINKING, { type: "tool_call_slot", id: "toolu_original", caller: { type: "direct" } }],
    );
    expect(convertAnthropicAssistantMessage(message, TARGET)).to.deep.equal([
      THINKING,
      { type: "tool_use", id: "renamed_1", name: "get_weather", input: {}, caller: { type: "direct" } },
    ]);
  });

  it("appends tool calls the remembered turn did not have, and places new text before them", () => {
    const message = withExtension(
      { role: "assistant", content: "Now with text.", tool_calls: [call("a", "{}"), call("b", "{}")] },
      [THINKING, { type: "tool_call_slot", id: "a" }],
    );
    expect(convertAnthropicAssistantMessage(message, TARGET).map((block) => block.type)).to.deep.equal([
      "thinking",
      "text",
      "tool_use",
      "tool_use",
    ]);
  });
});
