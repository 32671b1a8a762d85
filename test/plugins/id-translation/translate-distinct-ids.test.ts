import { expect } from "chai";
import {
  type HistoryTarget,
  ruleForProviderType,
  type ToolCallIdRule,
  translateHistory,
  translateToolCallId,
} from "../../../plugins/id-translation/index.js";
import { translateDistinctIds } from "../../../plugins/id-translation/translate-distinct-ids.js";
import { rewriteHistory } from "../../../plugins/id-translation/translate-history.js";
import { type ChatMessage, EXTENSION_FIELD } from "../../../src/index.js";
import { DECLARED_FORMATS } from "./declared-formats.js";

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

/**
 * A history of random turns: calls with ids from IDS, results for some of them (sometimes after a
 * user message, sometimes only after the next assistant message), stray results, extensions.
 */
function randomHistory(next: () => number): ChatMessage[] {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  const messages: ChatMessage[] = [{ role: "user", content: "go" }];
  const turns = 1 + Math.floor(next() * 4);
  let deferred: ChatMessage[] = [];
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
    messages.push(assistant, ...deferred);
    deferred = [];
    if (next() < 0.1) messages.push({ role: "user", content: "meanwhile" });
    const results = next() < 0.1 ? deferred : messages;
    for (const id of ids) {
      if (next() < 0.85) results.push({ role: "tool", tool_call_id: id, content: "ok" });
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

describe("id-translation: the one-scan translation of a history with distinct ids", () => {
  it("agrees with the full pairing on random histories, and returns the input whenever the pairing does", () => {
    const taken = { asIs: 0, renamed: 0, fullPairing: 0 };
    for (let seed = 1; seed <= 3000; seed++) {
      const history = randomHistory(random(seed));
      for (const [target, overrides] of TARGETS) {
        const where = `seed ${seed}, ${target.providerType}`;
        const rules = { ...DECLARED_FORMATS, ...overrides };
        const rule = ruleForProviderType(target.providerType, rules);
        const full = outcome(() => rewriteHistory(history, target, rule));
        expect(
          outcome(() => translateHistory(history, target, rules)),
          where,
        ).to.deep.equal(full);
        const distinct = translateDistinctIds(history, target.providerType, rule);
        if (distinct === undefined) {
          taken.fullPairing++;
          continue;
        }
        expect(distinct, where).to.deep.equal(full.value);
        if (full.value === history) {
          expect(distinct, where).to.equal(history);
          taken.asIs++;
        } else {
          expect(distinct, where).to.not.equal(history);
          taken.renamed++;
        }
      }
    }
    // Every path ran often enough for the agreement to mean something.
    expect(taken.asIs).to.be.above(1000);
    expect(taken.renamed).to.be.above(1000);
    expect(taken.fullPairing).to.be.above(1000);
  });

  for (const order of ["minted id second", "minted id first"]) {
    it(`leaves to the full pairing a history where a minted id equals another id of it (${order})`, () => {
      const minted = translateToolCallId(
        "functions.Bash:0",
        ruleForProviderType("anthropic", DECLARED_FORMATS),
      );
      const ids = order === "minted id second" ? ["functions.Bash:0", minted] : [minted, "functions.Bash:0"];
      const history: ChatMessage[] = [
        {
          role: "assistant",
          content: null,
          tool_calls: ids.map((id) => ({ id, type: "function", function: { name: "f", arguments: "{}" } })),
        },
        // Only the Kimi-style call is answered: the other stays open, as after an interrupted turn.
        { role: "tool", tool_call_id: "functions.Bash:0", content: "ok" },
      ];
      const target = { provider: "claude", providerType: "anthropic", model: "m" };
      expect(
        translateDistinctIds(history, "anthropic", ruleForProviderType("anthropic", DECLARED_FORMATS)),
      ).to.equal(undefined);
      const [assistant, result] = translateHistory(history, target, DECLARED_FORMATS) as unknown as [
        { tool_calls: Array<{ id: string }> },
        { tool_call_id: string },
      ];
      const sent = assistant.tool_calls.map((item) => item.id);
      // The first call gets the minted id; the second, colliding with it, is minted again.
      expect(sent[0]).to.equal(minted);
      expect(sent[1]).to.not.equal(minted);
      expect(result.tool_call_id).to.equal(sent[ids.indexOf("functions.Bash:0")]);
    });
  }

  it("returns a long conversation that stayed with one provider as it is, and leaves a reused id to the pairing", () => {
    const rule = ruleForProviderType("openai", DECLARED_FORMATS);
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
    expect(translateDistinctIds(history, "openai", rule)).to.equal(history);
    history.push(
      {
        role: "assistant",
        content: null,
        tool_calls: [{ id: "call_0a", type: "function", function: { name: "f", arguments: "{}" } }],
      },
      { role: "tool", tool_call_id: "call_0a", content: "again" },
    );
    expect(translateDistinctIds(history, "openai", rule)).to.equal(undefined);
  });
});
