import { type ParseArgsConfig, parseArgs } from "node:util";
import { UsageError } from "./cli-io.js";

type Options = NonNullable<ParseArgsConfig["options"]>;
type Parsed<T extends Options> = ReturnType<
  typeof parseArgs<{ options: T; allowPositionals: boolean; strict: true }>
>;

/** The option a Node parseArgs message quotes (`'--bogus'`, `'--client <value>'`), without its value. */
function quotedOption(message: string): string | undefined {
  return /'(-{1,2}[^' ]+)/.exec(message)?.[1];
}

/**
 * Node's parseArgs for one command, with its errors (several sentences about positionals and
 * `--`) turned into one UsageError line that names the command and where its help is.
 */
export function parseCommandArgs<T extends Options>(
  command: string,
  args: string[],
  options: T,
  allowPositionals = false,
): Parsed<T> {
  const help = `llm-runtime ${command} --help`;
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (error) {
    const code = (error as { code?: string }).code ?? "";
    if (!code.startsWith("ERR_PARSE_ARGS")) throw error;
    const message = (error as Error).message;
    const option = quotedOption(message);
    if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" && option) {
      throw new UsageError(`${command} has no option ${option}`, help);
    }
    if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE" && option) {
      const takesValue = options[option.replace(/^-+/, "")]?.type === "string";
      throw new UsageError(takesValue ? `${option} needs a value` : `${option} takes no value`, help);
    }
    if (code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL") {
      throw new UsageError(`${command} takes no arguments besides its options`, help);
    }
    throw new UsageError(message.split(". ")[0], help);
  }
}
