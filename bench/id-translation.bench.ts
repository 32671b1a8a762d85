// Cost of the id-translation plugin's beforeRequest work: translating a 50-message history with
// 20 tool-call pairs. Run: node --import tsx bench/id-translation.bench.ts
import { type HistoryTarget, translateHistory } from "../plugins/id-translation/index.js";
import type { ChatMessage } from "../src/index.js";

const ANTHROPIC: HistoryTarget = {
  provider: "anthropic",
  providerType: "anthropic",
  model: "claude-sonnet-4-5",
};

/** system, user, 10 rounds of (assistant with 2 calls, 2 results), 9 rounds of (user, assistant): 50 messages. */
export function buildHistory(idOf: (index: number) => string): ChatMessage[] {
  const messages: ChatMessage[] = [
    { role: "system", content: "You are a coding assistant." },
    { role: "user", content: "Refactor the project." },
  ];
  for (let round = 0; round < 10; round++) {
    const ids = [idOf(round * 2), idOf(round * 2 + 1)];
    messages.push({
      role: "assistant",
      content: null,
      tool_calls: ids.map((id) => ({
        id,
        type: "function",
        function: { name: "write", arguments: '{"path":"a.ts"}' },
      })),
    });
    for (const id of ids) messages.push({ role: "tool", tool_call_id: id, content: "ok" });
  }
  for (let round = 0; round < 9; round++) {
    messages.push({ role: "user", content: `step ${round}` }, { role: "assistant", content: "done" });
  }
  return messages;
}

/** The fastest of several rounds: the machine is shared, and the minimum is the least disturbed. */
function measure(name: string, history: ChatMessage[], iterations = 5_000, rounds = 7): void {
  for (let index = 0; index < 2_000; index++) translateHistory(history, ANTHROPIC);
  let best = Number.POSITIVE_INFINITY;
  for (let round = 0; round < rounds; round++) {
    const startedAt = performance.now();
    for (let index = 0; index < iterations; index++) translateHistory(history, ANTHROPIC);
    best = Math.min(best, ((performance.now() - startedAt) * 1000) / iterations);
  }
  console.log(`${name}: ${best.toFixed(2)} µs per call (${history.length} messages, 20 tool pairs)`);
}

measure(
  "ids to rewrite (functions.write:N, to Anthropic)",
  buildHistory((index) => `functions.write:${index}`),
);
measure(
  "ids already valid (call_N, nothing rewritten)",
  buildHistory((index) => `call_${index}`),
);
