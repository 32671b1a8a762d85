import { loadConfig } from "../config/load-config.js";
import type { ChatMessage } from "../contract/messages.js";
import type { AttemptRecord, LLMOutput } from "../contract/output.js";
import type { CallOptions } from "../contract/request.js";
import { isLLMProviderError } from "../errors/provider-errors.js";
import { createRuntime } from "../kernel/create-runtime.js";
import type { LLMClient } from "../kernel/llm-client.js";
import { type CliIo, EXIT } from "./cli-io.js";
import { createCliLogger } from "./create-cli-logger.js";
import { formatAttempts } from "./format-attempts.js";
import { CHAT_HELP } from "./help-texts.js";
import { parseCallParams } from "./parse-call-params.js";
import { parseCommandArgs } from "./parse-command-args.js";
import { readPrompt } from "./read-prompt.js";

const CHAT_OPTIONS = {
  client: { type: "string", default: "default" },
  config: { type: "string" },
  system: { type: "string" },
  model: { type: "string" },
  param: { type: "string", multiple: true, default: [] as string[] },
  "no-stream": { type: "boolean", default: false },
  json: { type: "boolean", default: false },
  verbose: { type: "boolean", default: false },
  help: { type: "boolean", short: "h", default: false },
} as const;

function printToolCalls(output: LLMOutput, io: CliIo): void {
  for (const call of output.toolCalls ?? []) {
    io.stdout.write(`tool call ${call.function.name}(${call.function.arguments}) [${call.id}]\n`);
  }
}

/** Prints the reply as it arrives (or at once with --no-stream); returns the final output. */
async function printReply(
  client: LLMClient,
  messages: ChatMessage[],
  options: CallOptions,
  stream: boolean,
  io: CliIo,
): Promise<LLMOutput> {
  let output: LLMOutput | undefined;
  if (!stream) {
    output = await client.generateResponse(messages, undefined, undefined, options);
    if (output.content) io.stdout.write(output.content);
  } else {
    for await (const event of client.streamResponse(messages, undefined, undefined, options)) {
      if (event.type === "text-delta") io.stdout.write(event.delta);
      if (event.type === "finish") output = event.output;
    }
  }
  if (!output) throw new Error("the stream ended without a finish event");
  if (output.content) io.stdout.write("\n");
  printToolCalls(output, io);
  return output;
}

function printTrace(attempts: readonly AttemptRecord[], output: LLMOutput | undefined, io: CliIo): void {
  io.stderr.write(formatAttempts(attempts));
  io.stderr.write(output ? `answered by ${output.provider} ${output.model}\n` : "no answer\n");
}

export async function runChat(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs("chat", args, CHAT_OPTIONS, true);
  if (values.help) {
    io.stdout.write(CHAT_HELP);
    return EXIT.ok;
  }
  const params = parseCallParams(values.param);
  const prompt = await readPrompt(positionals, io);
  const where = { configPath: values.config, cwd: io.cwd, env: io.env };
  const config = await loadConfig(where);
  const runtime = await createRuntime({
    ...where,
    logger: createCliLogger(config.logging.level, io),
    primaryModels: values.model === undefined ? undefined : { [values.client]: values.model },
  });
  try {
    const client = runtime.client(values.client);
    const messages: ChatMessage[] = [{ role: "user", content: prompt }];
    if (values.system) messages.unshift({ role: "system", content: values.system });
    const options: CallOptions = Object.keys(params).length ? { params } : {};
    let output: LLMOutput | undefined;
    try {
      if (values.json) {
        output = await client.generateResponse(messages, undefined, undefined, options);
        io.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
      } else {
        output = await printReply(client, messages, options, !values["no-stream"], io);
      }
    } catch (error) {
      if (values.verbose && isLLMProviderError(error)) printTrace(error.attempts, undefined, io);
      throw error;
    }
    if (values.verbose) printTrace(output.attempts, output, io);
    return EXIT.ok;
  } finally {
    await runtime.close();
  }
}
