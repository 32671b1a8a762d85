import { type CliIo, UsageError } from "./cli-io.js";

const HELP = "llm-runtime chat --help";

async function readAll(stream: NonNullable<CliIo["stdin"]>): Promise<string> {
  let text = "";
  const decoder = new TextDecoder();
  for await (const chunk of stream) {
    text += typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true });
  }
  return text + decoder.decode();
}

/**
 * The prompt: the one argument given, else all of stdin when it is piped (`echo hi | llm-runtime
 * chat`). A terminal on stdin is not read: without an argument that is a usage mistake, not a
 * wait for input.
 */
export async function readPrompt(positionals: readonly string[], io: CliIo): Promise<string> {
  if (positionals.length > 1) {
    throw new UsageError('chat takes one prompt, in quotes: llm-runtime chat "Hello"', HELP);
  }
  if (positionals.length === 1) {
    if (!positionals[0].trim()) throw new UsageError("the prompt is empty", HELP);
    return positionals[0];
  }
  if (!io.stdin || io.stdin.isTTY) {
    throw new UsageError('chat needs a prompt: llm-runtime chat "Hello" (or pipe it on stdin)', HELP);
  }
  const prompt = await readAll(io.stdin);
  if (!prompt.trim()) throw new UsageError("no prompt: stdin was empty", HELP);
  return prompt.replace(/\r?\n$/, "");
}
