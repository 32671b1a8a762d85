import { readFileSync } from "node:fs";
import { isLLMError } from "../errors/llm-error.js";
import { type CliIo, EXIT, UsageError } from "./cli-io.js";
import { runDemo } from "./demo/run-demo.js";
import { CONFIG_HELP, MAIN_HELP } from "./help-texts.js";
import { runChat } from "./run-chat.js";
import { runConfigCheck } from "./run-config-check.js";
import { runServe } from "./run-serve.js";

function version(): string {
  const manifest = new URL("../../package.json", import.meta.url);
  const fallback = new URL("../../../package.json", import.meta.url);
  for (const url of [manifest, fallback]) {
    try {
      return JSON.parse(readFileSync(url, "utf8")).version;
    } catch {
      // The manifest sits one level higher when running from dist/.
    }
  }
  return "unknown";
}

function runConfig(args: string[], io: CliIo): Promise<number> | number {
  const [subcommand, ...rest] = args;
  if (subcommand === "check") return runConfigCheck(rest, io);
  if (subcommand === undefined || subcommand === "--help" || subcommand === "-h" || subcommand === "help") {
    io.stdout.write(CONFIG_HELP);
    return subcommand === undefined ? EXIT.usageError : EXIT.ok;
  }
  throw new UsageError(`config has no subcommand "${subcommand}"`, "llm-runtime config --help");
}

async function dispatch(args: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = args;
  if (command === undefined || command === "--help" || command === "-h" || command === "help") {
    io.stdout.write(MAIN_HELP);
    return command === undefined ? EXIT.usageError : EXIT.ok;
  }
  if (command === "--version" || command === "-v") {
    io.stdout.write(`${version()}\n`);
    return EXIT.ok;
  }
  if (command === "chat") return runChat(rest, io);
  if (command === "demo") return runDemo(rest, io);
  if (command === "serve") return runServe(rest, io);
  if (command === "config") return runConfig(rest, io);
  throw new UsageError(`unknown command "${command}"`);
}

/** Runs the CLI; returns the exit code. Errors are printed as one clear line, never a stack trace. */
export async function main(args: string[], io: CliIo): Promise<number> {
  try {
    return await dispatch(args, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`error: ${error.message} (see ${error.helpCommand})\n`);
      return EXIT.usageError;
    }
    if (isLLMError(error)) {
      io.stderr.write(`error: ${error.message}\n`);
      return error.code === "config" || error.code === "plugin" ? EXIT.usageError : EXIT.runtimeError;
    }
    io.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.runtimeError;
  }
}
