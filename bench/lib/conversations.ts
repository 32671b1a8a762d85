/**
 * The requests the benchmark sends: a 2-message request, and a 50-message conversation with 20
 * tool-call pairs whose history crossed providers (half the ids are Kimi-style `functions.write:N`,
 * which Anthropic refuses and the id-translation plugin rewrites; half are OpenAI `call_...` ids).
 */
import type { ChatMessage, ToolDefinition } from "../../src/index.js";

export const TOOLS: ToolDefinition[] = [
  {
    type: "function",
    function: {
      name: "write_file",
      description: "Writes a file of the project.",
      parameters: {
        type: "object",
        properties: { path: { type: "string" }, text: { type: "string" } },
        required: ["path", "text"],
      },
    },
  },
  {
    type: "function",
    function: {
      name: "read_file",
      description: "Reads a file of the project.",
      parameters: { type: "object", properties: { path: { type: "string" } }, required: ["path"] },
    },
  },
];

export function twoMessages(): ChatMessage[] {
  return [
    { role: "system", content: "You are a concise assistant." },
    { role: "user", content: "Name three prime numbers." },
  ];
}

function toolCallId(index: number): string {
  return index % 2 === 0 ? `functions.write_file:${index}` : `call_${index.toString().padStart(24, "Q")}`;
}

const CODE = "export function add(a: number, b: number): number {\n  return a + b;\n}\n".repeat(4);

/** system, user, 10 rounds of (assistant with 2 calls, 2 results), 9 rounds of (user, assistant): 50. */
export function fiftyMessages(): ChatMessage[] {
  const messages: ChatMessage[] = [
    { role: "system", content: "You are a coding assistant. Use the tools to edit the project." },
    { role: "user", content: "Refactor the project so every module has tests." },
  ];
  for (let round = 0; round < 10; round++) {
    const ids = [toolCallId(round * 2), toolCallId(round * 2 + 1)];
    messages.push({
      role: "assistant",
      content: round % 3 === 0 ? "Writing the files." : null,
      tool_calls: ids.map((id, call) => ({
        id,
        type: "function",
        function: {
          name: call === 0 ? "write_file" : "read_file",
          arguments: JSON.stringify({ path: `src/module-${round}.ts`, text: CODE }),
        },
      })),
    });
    for (const id of ids) messages.push({ role: "tool", tool_call_id: id, content: `ok: ${CODE}` });
  }
  for (let round = 0; round < 9; round++) {
    messages.push(
      { role: "user", content: `Now step ${round}: explain what changed in module ${round}.` },
      { role: "assistant", content: `Module ${round} now exports add and has a test for it.` },
    );
  }
  return messages;
}
