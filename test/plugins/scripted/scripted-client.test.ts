import { expect } from "chai";
import {
  AuthenticationError,
  ContextLengthError,
  InvalidRequestError,
  toAssistantMessage,
} from "../../../src/index.js";
import { scriptedRuntime, userMessage } from "../../kernel/runtime-fixture.js";

describe("the scripted provider", () => {
  it("answers with the first matching rule: text, regex, role and tool-result conditions", async () => {
    const { client } = await scriptedRuntime({
      providers: {
        mock: [
          { match: { hasToolResult: true }, reply: { text: "thanks for the result" } },
          {
            match: { matches: "^convert \\d+" },
            reply: { toolCalls: [{ name: "convert", arguments: { amount: 3 } }] },
          },
          { match: { contains: "hello", role: "user" }, reply: { text: "hi there" } },
          { reply: { text: "default" } },
        ],
      },
      chain: ["mock"],
    });
    expect((await client.generateResponse(userMessage("well hello"))).content).to.equal("hi there");
    expect((await client.generateResponse(userMessage("something else"))).content).to.equal("default");
    const call = await client.generateResponse(userMessage("convert 3 miles"));
    expect(call.finishReason).to.equal("tool_calls");
    expect(call.toolCalls).to.deep.equal([
      { id: "call_scripted_1", type: "function", function: { name: "convert", arguments: '{"amount":3}' } },
    ]);
    const history = [
      ...userMessage("convert 3 miles"),
      toAssistantMessage(call),
      { role: "tool" as const, tool_call_id: "call_scripted_1", content: "4.83 km" },
    ];
    expect((await client.generateResponse(history)).content).to.equal("thanks for the result");
  });

  it("throws the typed error a rule names, and uses a limited rule only so many times", async () => {
    const { client } = await scriptedRuntime({
      providers: {
        mock: [
          { error: { kind: "authentication", status: 401 }, times: 1 },
          { error: { kind: "context_length", message: "too long" }, times: 1 },
          { reply: { text: "recovered" } },
        ],
      },
      chain: ["mock"],
    });
    const first = await client.generateResponse(userMessage("x")).catch((error) => error);
    const second = await client.generateResponse(userMessage("x")).catch((error) => error);
    expect(first).to.be.instanceOf(AuthenticationError).and.include({ status: 401 });
    expect(second).to.be.instanceOf(ContextLengthError);
    expect(second.message).to.include("too long");
    expect((await client.generateResponse(userMessage("x"))).content).to.equal("recovered");
  });

  it("records every request it receives, after the hooks", async () => {
    const { client, scripted } = await scriptedRuntime({
      providers: { mock: [{ reply: { text: "ok" } }] },
      chain: ["mock"],
    });
    const tools = [
      { type: "function" as const, function: { name: "clock", parameters: { type: "object" } } },
    ];
    await client.generateResponse(userMessage("one"), tools, "auto");
    await client.generateResponse(userMessage("two"));
    const [first, second] = scripted("mock").requests;
    expect(first.request).to.deep.include({ model: "mock-model", tools, toolChoice: "auto" });
    expect(second.request.messages).to.deep.equal(userMessage("two"));
    expect(first.requestId).to.not.equal(second.requestId);
  });

  it("says which rule is missing when none matches", async () => {
    const { client } = await scriptedRuntime({
      providers: { mock: [{ match: { contains: "x" }, reply: { text: "x" } }] },
      chain: ["mock"],
    });
    const error = await client.generateResponse(userMessage("no match here")).catch((thrown) => thrown);
    expect(error).to.be.instanceOf(InvalidRequestError);
    expect(error.message).to.include('no scripted rule matched the last message "no match here"');
  });
});
