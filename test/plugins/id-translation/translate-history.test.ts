import { expect } from "chai";
import { type HistoryTarget, translateHistory } from "../../../plugins/id-translation/index.js";
import { type ChatMessage, EXTENSION_FIELD, InvalidRequestError } from "../../../src/index.js";
import { DECLARED_FORMATS } from "./declared-formats.js";

const PORTABLE = /^[a-zA-Z0-9_-]{1,40}$/;
const ANTHROPIC: HistoryTarget = {
  provider: "claude",
  providerType: "anthropic",
  model: "claude-sonnet-4-5",
};
const SCRIPTED: HistoryTarget = { provider: "backup", providerType: "scripted", model: "backup-model" };

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

const call = (id: string, name = "write") => ({
  id,
  type: "function" as const,
  function: { name, arguments: '{"path":"a.txt"}' },
});

function toolLoop(ids: string[]): ChatMessage[] {
  return deepFreeze<ChatMessage[]>([
    { role: "system", content: "be brief" },
    { role: "user", content: "write files" },
    { role: "assistant", content: null, tool_calls: ids.map((id) => call(id)) },
    ...ids.map((id, index) => ({ role: "tool" as const, tool_call_id: id, content: `done ${index}` })),
    { role: "user", content: "thanks" },
  ]);
}

/** Every assistant tool call paired with the tool messages that follow it, as the provider will see them. */
function pairs(messages: ChatMessage[]): Array<[string, string]> {
  const result: Array<[string, string]> = [];
  let open: string[] = [];
  for (const message of messages) {
    if (message.role === "assistant") open = (message.tool_calls ?? []).map((item) => item.id);
    if (message.role === "tool") result.push([open.shift() as string, message.tool_call_id]);
  }
  return result;
}

describe("id-translation: translateHistory", () => {
  it("rewrites both sides of every pair the same way, to ids the target accepts, from a frozen history", () => {
    const history = toolLoop(["functions.write:0", "call_x|fc_y", `${"q".repeat(199)}:`]);
    const translated = translateHistory(history, ANTHROPIC, DECLARED_FORMATS);
    for (const [callId, resultId] of pairs(translated)) {
      expect(resultId).to.equal(callId);
      expect(callId).to.match(/^[a-zA-Z0-9_-]+$/);
    }
    expect(pairs(translated)).to.have.length(3);
  });

  it("leaves the caller's messages untouched and shares the ones that need no change", () => {
    const history = toolLoop(["functions.write:0"]);
    const before = JSON.stringify(history);
    const translated = translateHistory(history, ANTHROPIC, DECLARED_FORMATS);
    expect(JSON.stringify(history)).to.equal(before);
    expect(translated).to.not.equal(history);
    expect(translated[0]).to.equal(history[0]);
    expect(translated[4]).to.equal(history[4]);
  });

  it("returns the history itself when every id is already valid and no extension is foreign", () => {
    const history = toolLoop(["call_abc", "toolu_01"]);
    expect(translateHistory(history, ANTHROPIC, DECLARED_FORMATS)).to.equal(history);
  });

  it("translates the same history to the same ids on every call (stateless)", () => {
    const history = toolLoop(["functions.write:0", "x".repeat(200)]);
    expect(translateHistory(history, SCRIPTED)).to.deep.equal(translateHistory(history, SCRIPTED));
  });

  it("uses the portable rule for a provider type without its own (scripted, third-party)", () => {
    const translated = translateHistory(toolLoop(["functions.write:0", "y".repeat(41)]), SCRIPTED);
    for (const [callId, resultId] of pairs(translated)) {
      expect(callId).to.match(PORTABLE);
      expect(resultId).to.equal(callId);
    }
  });

  it("gives duplicate ids of one turn distinct names, their results following in order", () => {
    const history = toolLoop(["call_1", "call_1", "call_1"]);
    const translated = translateHistory(history, ANTHROPIC, DECLARED_FORMATS);
    const found = pairs(translated);
    expect(found.map(([callId]) => callId)[0]).to.equal("call_1");
    expect(new Set(found.map(([callId]) => callId)).size).to.equal(3);
    for (const [callId, resultId] of found) expect(resultId).to.equal(callId);
    expect((translated[3] as { content: string }).content).to.equal("done 0");
    expect((translated[5] as { content: string }).content).to.equal("done 2");
  });

  it("renames an id a later turn reuses (functions.Bash:0 on every turn), so no two calls share an id", () => {
    const history = deepFreeze<ChatMessage[]>([
      { role: "user", content: "go" },
      { role: "assistant", content: null, tool_calls: [call("functions.Bash:0", "Bash")] },
      { role: "tool", tool_call_id: "functions.Bash:0", content: "one" },
      { role: "assistant", content: null, tool_calls: [call("functions.Bash:0", "Bash")] },
      { role: "tool", tool_call_id: "functions.Bash:0", content: "two" },
    ]);
    const translated = translateHistory(history, ANTHROPIC, DECLARED_FORMATS);
    const found = pairs(translated);
    expect(found[0][0]).to.not.equal(found[1][0]);
    for (const [callId, resultId] of found) expect(resultId).to.equal(callId);
  });

  it("throws InvalidRequestError naming the message index for a tool message that answers no call", () => {
    const history = deepFreeze<ChatMessage[]>([
      { role: "user", content: "go" },
      { role: "assistant", content: null, tool_calls: [call("call_1")] },
      { role: "tool", tool_call_id: "call_1", content: "ok" },
      { role: "tool", tool_call_id: "call_missing", content: "lost" },
    ]);
    expect(() => translateHistory(history, ANTHROPIC, DECLARED_FORMATS))
      .to.throw(InvalidRequestError)
      .with.property("message")
      .that.matches(/messages\[3\].*"call_missing".*fix: set messages\[3\]\.tool_call_id/);
  });

  it("counts a second result for an already answered call as answering no call", () => {
    const history = deepFreeze<ChatMessage[]>([
      { role: "assistant", content: null, tool_calls: [call("call_1")] },
      { role: "tool", tool_call_id: "call_1", content: "ok" },
      { role: "tool", tool_call_id: "call_1", content: "again" },
    ]);
    expect(() => translateHistory(history, ANTHROPIC, DECLARED_FORMATS)).to.throw(
      InvalidRequestError,
      /messages\[2\]/,
    );
  });

  it("keeps a call without a result as it is, for the provider plugin to handle", () => {
    const history = deepFreeze<ChatMessage[]>([
      { role: "assistant", content: null, tool_calls: [call("functions.write:0")] },
      { role: "user", content: "never mind" },
    ]);
    const translated = translateHistory(history, ANTHROPIC, DECLARED_FORMATS);
    expect(translated).to.have.length(2);
    expect((translated[0] as { tool_calls: Array<{ id: string }> }).tool_calls[0].id).to.match(/^call_/);
  });

  it("drops extension data written by another provider type and keeps it for the same type", () => {
    const extension = { providerType: "google", model: "gemini-3-pro", data: { textSignature: "sig" } };
    const history = deepFreeze<ChatMessage[]>([
      { role: "user", content: "hi" },
      { role: "assistant", content: "hello", [EXTENSION_FIELD]: extension },
      { role: "user", content: "again" },
    ]);
    const forAnthropic = translateHistory(history, ANTHROPIC, DECLARED_FORMATS);
    expect(forAnthropic[1]).to.deep.equal({ role: "assistant", content: "hello" });
    expect(EXTENSION_FIELD in forAnthropic[1]).to.equal(false);
    expect(history[1]).to.have.property(EXTENSION_FIELD);
    const forGoogle = translateHistory(history, {
      provider: "gemini",
      providerType: "google",
      model: "gemini-3-pro",
    });
    expect(forGoogle).to.equal(history);
  });

  it("applies a rule override for a provider type", () => {
    const translated = translateHistory(toolLoop(["call_abc_def"]), SCRIPTED, {
      scripted: { charset: "alphanumeric", maxLength: 9 },
    });
    const [[callId, resultId]] = pairs(translated);
    expect(callId).to.match(/^[a-f0-9]{9}$/);
    expect(resultId).to.equal(callId);
  });
});
