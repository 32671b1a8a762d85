import { parseArgs } from "node:util";
import type { ChatMessage } from "../contract/messages.js";
import type { LLMOutput } from "../contract/output.js";
import { createRuntime } from "../kernel/create-runtime.js";
import { type CliIo, EXIT, UsageError } from "./cli-io.js";
import { CHAT_HELP } from "./help-texts.js";

function printToolCalls(output: LLMOutput, io: CliIo): void {
  for (const call of output.toolCalls ?? []) {
    io.stdout.write(`tool call ${call.function.name}(${call.function.arguments}) [${call.id}]\n`);
  }
}

export async function runChat(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      client: { type: "string", default: "default" },
      config: { type: "string" },
      system: { type: "string" },
      "no-stream": { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    io.stdout.write(CHAT_HELP);
    return EXIT.ok;
  }
  if (positionals.length !== 1 || !positionals[0].trim()) {
    throw new UsageError('chat takes exactly one prompt, in quotes: llm-runtime chat "Hello"');
  }
  const runtime = await createRuntime({ configPath: values.config, cwd: io.cwd, env: io.env });
  try {
    const client = runtime.client(values.client);
    const messages: ChatMessage[] = [{ role: "user", content: positionals[0] }];
    if (values.system) messages.unshift({ role: "system", content: values.system });
    let output: LLMOutput | undefined;
    if (values["no-stream"]) {
      output = await client.generateResponse(messages);
      if (output.content) io.stdout.write(output.content);
    } else {
      for await (const event of client.streamResponse(messages)) {
        if (event.type === "text-delta") io.stdout.write(event.delta);
        if (event.type === "finish") output = event.output;
      }
    }
    if (output?.content) io.stdout.write("\n");
    if (output) printToolCalls(output, io);
    return EXIT.ok;
  } finally {
    await runtime.close();
  }
}
