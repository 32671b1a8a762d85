import { ConfigError } from "../errors/loading-errors.js";
import { lineAndColumn, locateJsonSyntaxError } from "./locate-json-syntax-error.js";

/**
 * Largest config file read, in bytes: a config is a few kilobytes, so anything past 1 MiB is a
 * wrong path or a hostile file, refused before parsing can spend memory or time on it.
 */
export const MAX_CONFIG_BYTES = 1024 * 1024;

/** Throws when a config file is larger than MAX_CONFIG_BYTES, before anything parses it. */
export function checkConfigSize(bytes: number, label: string): void {
  if (bytes <= MAX_CONFIG_BYTES) return;
  throw new ConfigError(
    `the file is ${bytes} bytes; a config may be at most ${MAX_CONFIG_BYTES} bytes (1 MiB)`,
    {
      file: label,
      fix: "point configPath at the config file itself; a config holds settings, not data",
    },
  );
}

/** The error for an empty config file (cosmiconfig reports one as `isEmpty`). */
export function emptyConfigFileError(label: string): ConfigError {
  return new ConfigError("the file is empty", {
    file: label,
    fix: "write a config in it (see llm.config.example.json), or delete it to use the default config",
  });
}

/** Refuses cosmiconfig's `$import` (merging other files): a config is one file, read as data. */
export function refuseImports(value: unknown, label: string): void {
  if (typeof value === "object" && value !== null && Object.hasOwn(value, "$import")) {
    throw new ConfigError('"$import" is not supported', {
      file: label,
      pointer: "/$import",
      fix: "copy the settings into this file; a config is read from one file only",
    });
  }
}

/**
 * Parses a JSON config. A syntax error is reported with its line, column and reason, and without
 * JSON.parse's message, which quotes the text around the error (possibly an API key).
 */
export function parseJsonConfig(text: string, label: string): unknown {
  checkConfigSize(Buffer.byteLength(text), label);
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === "") throw emptyConfigFileError(label);
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    const { offset, reason } = locateJsonSyntaxError(body);
    const { line, column } = lineAndColumn(body, offset);
    throw new ConfigError(`not valid JSON at line ${line}, column ${column}: ${reason}`, {
      file: label,
      fix: "correct the JSON syntax there (keys and strings in double quotes, no trailing commas, no comments)",
    });
  }
  refuseImports(value, label);
  return value;
}

/** The parts of js-yaml's YAMLException that never quote the text. */
interface YamlFailure {
  reason?: unknown;
  mark?: { line?: unknown; column?: unknown };
}

/**
 * A ConfigError for a YAML syntax error, with line, column and reason only: js-yaml's message
 * quotes the lines around the error.
 */
export function yamlSyntaxError(error: unknown, label: string): ConfigError {
  const { reason, mark } = (typeof error === "object" && error !== null ? error : {}) as YamlFailure;
  const line = typeof mark?.line === "number" ? mark.line + 1 : undefined;
  const column = typeof mark?.column === "number" ? mark.column + 1 : undefined;
  const where = line === undefined ? "" : ` at line ${line}, column ${column}`;
  const why = typeof reason === "string" ? `: ${reason}` : "";
  return new ConfigError(`not valid YAML${where}${why}`, {
    file: label,
    fix: "correct the YAML syntax there (indent with spaces, quote strings holding ':' or '#'), or write the config as JSON",
  });
}
