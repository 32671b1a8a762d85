import { expect } from "chai";
import { isHistoryValidAsIs } from "../../../plugins/id-translation/history-valid-as-is.js";
import {
  type HistoryTarget,
  ruleForProviderType,
  type ToolCallIdRule,
  translateHistory,
} from "../../../plugins/id-translation/index.js";
import { rewriteHistory } from "../../../plugins/id-translation/translate-history.js";
import { type ChatMessage, EXTENSION_FIELD } from "../../../src/index.js";

/** A small deterministic PRNG (mulberry32), so a failing history can be found again by its seed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = Math.imul(state ^ (state >>> 15), 1 | state);
    value ^= value + Math.imul(value ^ (value >>> 7), 61 | value);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

/** Ids valid for every rule, valid for some, and valid for none (the empty one). */
const IDS = ["call_1", "call_2", "toolu_3", "functions.Bash:0", "a".repeat(41), "call_1|fc", "", "c9"];

const TARGETS: Array<[HistoryTarget, Record<string, ToolCallIdRule>]> = [
  [{ provider: "gpt", providerType: "openai", model: "m" }, {}],
  [{ provider: "claude", providerType: "anthropic", model: "m" }, {}],
  [{ provider: "gemini", providerType: "google", model: "m" }, {}],
  [{ provider: "backup", providerType: "scripted", model: "m" }, {}],
  [
    { provider: "mistral", providerType: "mistral", model: "m" },
    { mistral: { charset: "alphanumeric", maxLength: 9 } },
  ],
];

/** A history of random turns: calls with ids from IDS, results for some of them, stray results, extensions. */
function randomHistory(next: () => number): ChatMessage[] {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  const messages: ChatMessage[] = [{ role: "user", content: "go" }];
  const turns = 1 + Math.floor(next() * 4);
  for (let turn = 0; turn < turns; turn++) {
    const ids = Array.from({ length: Math.floor(next() * 3) }, () => pick(IDS));
    const assistant: ChatMessage = { role: "assistant", content: ids.length ? null : "text" };
    if (ids.length || next() < 0.2) {
      assistant.tool_calls = ids.map((id) => ({
        id,
        type: "function",
        function: { name: "f", arguments: "{}" },
      }));
    }
    if (next() < 0.2) {
      assistant[EXTENSION_FIELD] = {
        providerType: pick(["openai", "anthropic", "google"]),
        model: "m",
        data: {},
      };
    }
    messages.push(assistant);
    for (const id of ids) {
      if (next() < 0.85) messages.push({ role: "tool", tool_call_id: id, content: "ok" });
    }
    if (next() < 0.1) messages.push({ role: "tool", tool_call_id: pick(IDS), content: "stray" });
    if (next() < 0.3) messages.push({ role: "user", content: "more" });
  }
  return messages;
}

function outcome(run: () => ChatMessage[]): { value?: ChatMessage[]; error?: string } {
  try {
    return { value: run() };
  } catch (error) {
    return { error: String(error) };
  }
}

describe("id-translation: the check for a history that needs no change", () => {
  it("agrees with the full translation on random histories, and answers true only when it returns the input", () => {
    let asIs = 0;
    let rewritten = 0;
    for (let seed = 1; seed <= 3000; seed++) {
      const history = randomHistory(random(seed));
      for (const [target, overrides] of TARGETS) {
        const rule = ruleForProviderType(target.providerType, overrides);
        const full = outcome(() => rewriteHistory(history, target, rule));
        const translated = outcome(() => translateHistory(history, target, overrides));
        expect(translated, `seed ${seed}, ${target.providerType}`).to.deep.equal(full);
        if (isHistoryValidAsIs(history, target.providerType, rule)) {
          asIs++;
          expect(full.value, `seed ${seed}, ${target.providerType}`).to.equal(history);
        } else rewritten++;
      }
    }
    // Both paths ran often enough for the agreement to mean something.
    expect(asIs).to.be.above(1000);
    expect(rewritten).to.be.above(1000);
  });

  it("accepts a long conversation that stayed with one provider, and refuses a reused id", () => {
    const rule = ruleForProviderType("openai");
    const history: ChatMessage[] = [{ role: "user", content: "go" }];
    for (let turn = 0; turn < 10; turn++) {
      const ids = [`call_${turn}a`, `call_${turn}b`];
      history.push({
        role: "assistant",
        content: null,
        tool_calls: ids.map((id) => ({ id, type: "function", function: { name: "f", arguments: "{}" } })),
      });
      for (const id of ids) history.push({ role: "tool", tool_call_id: id, content: "ok" });
    }
    expect(isHistoryValidAsIs(history, "openai", rule)).to.equal(true);
    history.push(
      {
        role: "assistant",
        content: null,
        tool_calls: [{ id: "call_0a", type: "function", function: { name: "f", arguments: "{}" } }],
      },
      { role: "tool", tool_call_id: "call_0a", content: "again" },
    );
    expect(isHistoryValidAsIs(history, "openai", rule)).to.equal(false);
  });
});
