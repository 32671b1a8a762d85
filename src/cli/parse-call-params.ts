import { UsageError } from "./cli-io.js";

const HELP = "llm-runtime chat --help";
/** An OpenAI-style param name: `temperature`, `max_tokens`, `response_format`. */
const PARAM_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Names that would reach into Object.prototype if a caller copied params key by key. */
const FORBIDDEN = new Set(["__proto__", "constructor", "prototype"]);

/**
 * A value as typed on the command line: JSON when it parses as JSON (`0.2`, `true`, `null`,
 * `{"type":"json_object"}`, `["END"]`, `"42"` for the string 42), else the text as a string
 * (`--param reasoning_effort=low`).
 */
function parseValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * The per-call params of `--param key=value` options, in order (a later key replaces an earlier
 * one). A malformed option is a UsageError that quotes it and shows the form.
 */
export function parseCallParams(options: readonly string[]): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const option of options) {
    const equals = option.indexOf("=");
    const name = equals < 0 ? option : option.slice(0, equals);
    if (equals < 0 || !PARAM_NAME.test(name) || FORBIDDEN.has(name)) {
      throw new UsageError(
        `--param ${JSON.stringify(option)} is not of the form name=value (e.g. --param temperature=0.2)`,
        HELP,
      );
    }
    params[name] = parseValue(option.slice(equals + 1));
  }
  return params;
}
