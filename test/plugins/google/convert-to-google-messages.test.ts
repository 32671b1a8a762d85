import { expect } from "chai";
import { convertToGoogleMessages } from "../../../plugins/google/convert-to-google-messages.js";
import type { GoogleMedia } from "../../../plugins/google/resolve-google-media.js";
import {
  type AssistantMessage,
  type ChatMessage,
  EXTENSION_FIELD,
  InvalidRequestError,
} from "../../../src/index.js";

const inlineEverything = async (media: GoogleMedia) => ({
  inlineData: { mimeType: media.mimeType, data: media.base64 },
});

function convert(messages: ChatMessage[], model = "gemini-2.5-flash") {
  return convertToGoogleMessages(messages, { provider: "gemini", model, resolveMedia: inlineEverything });
}

function weatherCall(id: string, location: string) {
  return {
    id,
    type: "function" as const,
    function: { name: "get_weather", arguments: JSON.stringify({ location }) },
  };
}

const parallelTurn: AssistantMessage = {
  role: "assistant",
  content: null,
  tool_calls: [weatherCall("call_sf", "San Francisco"), weatherCall("call_tokyo", "Tokyo")],
};

describe("convertToGoogleMessages", () => {
  it("moves system messages to systemInstruction and sends assistant turns as role model", async () => {
    const result = await convert([
      { role: "system", content: "Be brief." },
      { role: "user", content: "Hi" },
      { role: "assistant", content: "Hello!" },
      { role: "system", content: [{ type: "text", text: "Answer in French." }] },
    ]);
    expect(result.systemInstruction).to.deep.equal({ parts: [{ text: "Be brief.\n\nAnswer in French." }] });
    expect(result.contents).to.deep.equal([
      { role: "user", parts: [{ text: "Hi" }] },
      { role: "model", parts: [{ text: "Hello!" }] },
    ]);
  });

  it("merges consecutive turns of one role into one content", async () => {
    const result = await convert([
      { role: "user", content: "First" },
      { role: "user", content: [{ type: "text", text: "Second" }] },
      { role: "assistant", content: "A" },
      { role: "assistant", content: "B" },
    ]);
    expect(result.contents).to.deep.equal([
      { role: "user", parts: [{ text: "First" }, { text: "Second" }] },
      { role: "model", parts: [{ text: "A" }, { text: "B" }] },
    ]);
  });

  it("pairs results of two parallel calls to one function by id, in call order, even when they arrive reversed", async () => {
    const result = await convert([
      { role: "user", content: "Weather in SF and Tokyo?" },
      parallelTurn,
      { role: "tool", tool_call_id: "call_tokyo", content: '{"temperature":25}' },
      { role: "tool", tool_call_id: "call_sf", content: "18 degrees" },
    ]);
    expect(result.contents).to.have.length(3);
    expect(result.contents[1].parts.map((part) => part.functionCall?.args)).to.deep.equal([
      { location: "San Francisco" },
      { location: "Tokyo" },
    ]);
    expect(result.contents[2]).to.deep.equal({
      role: "user",
      parts: [
        { functionResponse: { name: "get_weather", response: { output: "18 degrees" } } },
        { functionResponse: { name: "get_weather", response: { output: { temperature: 25 } } } },
      ],
    });
  });

  it("names each functionResponse after its call, not after the tool message's name", async () => {
    const result = await convert([
      { role: "user", content: "?" },
      { role: "assistant", content: null, tool_calls: [weatherCall("c1", "Oslo")] },
      { role: "tool", tool_call_id: "c1", name: "something_else", content: "cold" },
    ]);
    expect(result.contents[2].parts[0].functionResponse?.name).to.equal("get_weather");
  });

  it("puts the tool results and a following user message in one user turn", async () => {
    const result = await convert([
      { role: "user", content: "?" },
      { role: "assistant", content: null, tool_calls: [weatherCall("c1", "Oslo")] },
      { role: "tool", tool_call_id: "c1", content: "cold" },
      { role: "user", content: "And tomorrow?" },
    ]);
    expect(result.contents.map((content) => content.role)).to.deep.equal(["user", "model", "user"]);
    expect(result.contents[2].parts).to.have.length(2);
    expect(result.contents[2].parts[1]).to.deep.equal({ text: "And tomorrow?" });
  });

  it("echoes Gemini's own call ids and thought signatures on the same parts", async () => {
    const turn: AssistantMessage = {
      role: "assistant",
      content: "Let me check.",
      tool_calls: [weatherCall("call_sf", "San Francisco"), weatherCall("call_tokyo", "Tokyo")],
      [EXTENSION_FIELD]: {
        providerType: "google",
        model: "gemini-3-pro-preview",
        data: {
          textSignature: "sig-text",
          toolCalls: [
            { name: "get_weather", id: "g-1", thoughtSignature: "sig-call-1" },
            { name: "get_weather", id: "g-2" },
          ],
        },
      },
    };
    const result = await convert(
      [
        { role: "user", content: "?" },
        turn,
        { role: "tool", tool_call_id: "call_sf", content: "18" },
        { role: "tool", tool_call_id: "call_tokyo", content: "25" },
      ],
      "gemini-3-pro-preview",
    );
    expect(result.contents[1].parts).to.deep.equal([
      { text: "Let me check.", thoughtSignature: "sig-text" },
      {
        functionCall: { name: "get_weather", args: { location: "San Francisco" }, id: "g-1" },
        thoughtSignature: "sig-call-1",
      },
      { functionCall: { name: "get_weather", args: { location: "Tokyo" }, id: "g-2" } },
    ]);
    expect(result.contents[2].parts.map((part) => part.functionResponse?.id)).to.deep.equal(["g-1", "g-2"]);
  });

  it("sends Google's skip placeholder on every call of a turn without signatures when the model is Gemini 3", async () => {
    const result = await convert(
      [{ role: "user", content: "?" }, parallelTurn, ...toolResults()],
      "gemini-3-pro-preview",
    );
    expect(result.contents[1].parts.map((part) => part.thoughtSignature)).to.deep.equal([
      "skip_thought_signature_validator",
      "skip_thought_signature_validator",
    ]);
  });

  it("sends no placeholder to a model before Gemini 3", async () => {
    const result = await convert(
      [{ role: "user", content: "?" }, parallelTurn, ...toolResults()],
      "gemini-2.5-flash",
    );
    expect(result.contents[1].parts.every((part) => part.thoughtSignature === undefined)).to.equal(true);
  });

  it("ignores another provider's extension and stored data that no longer matches the calls", async () => {
    const fromAnthropic: AssistantMessage = {
      ...parallelTurn,
      [EXTENSION_FIELD]: { providerType: "anthropic", model: "claude", data: { toolCalls: [] } },
    };
    const edited: AssistantMessage = {
      ...parallelTurn,
      [EXTENSION_FIELD]: {
        providerType: "google",
        model: "gemini-3-pro-preview",
        data: { toolCalls: [{ name: "other_tool", id: "g-1", thoughtSignature: "stale" }] },
      },
    };
    for (const turn of [fromAnthropic, edited]) {
      const result = await convert(
        [{ role: "user", content: "?" }, turn, ...toolResults()],
        "gemini-3-flash",
      );
      const callParts = result.contents[1].parts;
      expect(callParts.map((part) => part.thoughtSignature)).to.deep.equal([
        "skip_thought_signature_validator",
        "skip_thought_signature_validator",
      ]);
      expect(callParts.every((part) => part.functionCall?.id === undefined)).to.equal(true);
    }
  });

  it("refuses a call without a result, naming the call", async () => {
    const promise = convert([
      { role: "user", content: "?" },
      parallelTurn,
      { role: "tool", tool_call_id: "call_sf", content: "18" },
    ]);
    await expectInvalid(promise, /call_tokyo/);
  });

  it("refuses a result for a call the assistant did not make, and a repeated result", async () => {
    await expectInvalid(
      convert([{ role: "user", content: "?" }, parallelTurn, ...toolResults(), toolResult("call_paris")]),
      /call_paris/,
    );
    await expectInvalid(
      convert([{ role: "user", content: "?" }, parallelTurn, toolResult("call_sf"), toolResult("call_sf")]),
      /two tool messages answer "call_sf"/,
    );
  });

  it("refuses a tool message that follows no assistant tool call", async () => {
    await expectInvalid(convert([{ role: "user", content: "?" }, toolResult("call_x")]), /call_x/);
  });

  it("sends empty arguments as an empty object and refuses arguments that are not a JSON object", async () => {
    const empty = await convert([
      { role: "user", content: "?" },
      {
        role: "assistant",
        content: null,
        tool_calls: [{ id: "c", type: "function", function: { name: "now", arguments: "" } }],
      },
      toolResult("c"),
    ]);
    expect(empty.contents[1].parts[0].functionCall?.args).to.deep.equal({});
    await expectInvalid(
      convert([
        { role: "user", content: "?" },
        {
          role: "assistant",
          content: null,
          tool_calls: [{ id: "c", type: "function", function: { name: "now", arguments: "{oops" } }],
        },
        toolResult("c"),
      ]),
      /arguments of tool call "c"/,
    );
  });

  it("refuses two calls that share an id, even with one result for each in order", async () => {
    const twins: AssistantMessage = {
      role: "assistant",
      content: null,
      tool_calls: [weatherCall("call_sf", "San Francisco"), weatherCall("call_sf", "Tokyo")],
    };
    await expectInvalid(
      convert([{ role: "user", content: "?" }, twins, toolResult("call_sf"), toolResult("call_sf")]),
      /two tool calls share the id "call_sf"/,
    );
  });

  it("parses a call sent again only once, and again when its arguments were replaced in place", async () => {
    const turn: AssistantMessage = structuredClone(parallelTurn);
    const argsOf = async () =>
      (await convert([{ role: "user", content: "?" }, turn, ...toolResults()])).contents[1].parts[0]
        .functionCall?.args;
    const first = await argsOf();
    expect(await argsOf(), "the same call, the same parse").to.equal(first);
    turn.tool_calls![0].function.arguments = '{"location":"Oakland"}';
    expect(await argsOf()).to.deep.equal({ location: "Oakland" });
    turn.tool_calls![0].function.arguments = "[1]";
    await expectInvalid(argsOf(), /arguments of tool call "call_sf"/);
  });

  it("hands image and PDF data URLs to the media resolver and keeps text beside them", async () => {
    const seen: GoogleMedia[] = [];
    const result = await convertToGoogleMessages(
      [
        {
          role: "user",
          content: [
            { type: "text", text: "Compare" },
            { type: "image_url", image_url: { url: "data:image/png;base64,iVBORw0KGgo=" } },
            { type: "file", file: { filename: "a.pdf", file_data: "data:application/pdf;base64,JVBERi0x" } },
            { type: "image_url", image_url: { url: "https://example.com/cat.jpg" } },
          ],
        },
      ],
      {
        provider: "gemini",
        model: "gemini-2.5-flash",
        resolveMedia: async (media) => {
          seen.push(media);
          return { fileData: { fileUri: `uploaded/${seen.length}`, mimeType: media.mimeType } };
        },
      },
    );
    expect(seen).to.deep.equal([
      { mimeType: "image/png", base64: "iVBORw0KGgo=", filename: undefined },
      { mimeType: "application/pdf", base64: "JVBERi0x", filename: "a.pdf" },
    ]);
    expect(result.contents[0].parts).to.deep.equal([
      { text: "Compare" },
      { fileData: { fileUri: "uploaded/1", mimeType: "image/png" } },
      { fileData: { fileUri: "uploaded/2", mimeType: "application/pdf" } },
      { fileData: { fileUri: "https://example.com/cat.jpg", mimeType: "image/jpeg" } },
    ]);
  });
});

function toolResult(id: string) {
  return { role: "tool" as const, tool_call_id: id, content: "ok" };
}

function toolResults() {
  return [toolResult("call_sf"), toolResult("call_tokyo")];
}

async function expectInvalid(promise: Promise<unknown>, pattern: RegExp): Promise<void> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(InvalidRequestError);
    expect((error as Error).message).to.match(pattern);
    return;
  }
  expect.fail("expected an InvalidRequestError");
}
