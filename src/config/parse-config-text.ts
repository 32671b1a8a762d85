import path from "node:path";
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

/** Where discovery looks in each folder, in this order. Never a code config: see discoverConfigFile. */
export const SEARCH_PLACES = ["package.json", ".llmrc", ".llmrc.json", "llm.config.json"] as const;

/** Turns an absolute path into the name shown in errors. */
export type LabelFile = (file: string) => string;

type YamlParser = (file: string, content: string) => unknown;

let yamlParser: Promise<YamlParser> | undefined;

/**
 * cosmiconfig's YAML loader (js-yaml, no custom tags), imported on first need because loading
 * cosmiconfig costs about 100 ms. Only the loader is used: calling `cosmiconfig()` would first look
 * for its own "meta config" in process.cwd() (`.config/config.js` and others) with loaders that
 * run JavaScript, whatever options it is given.
 */
function loadYamlParser(): Promise<YamlParser> {
  yamlParser ??= import("cosmiconfig").then(({ defaultLoaders }) => defaultLoaders[".yaml"] as YamlParser);
  return yamlParser;
}

async function parseYamlConfig(file: string, content: string, label: string): Promise<unknown> {
  if (content.trim() === "") throw emptyConfigFileError(label);
  const parse = await loadYamlParser();
  let value: unknown;
  try {
    value = parse(file, content);
  } catch (error) {
    throw yamlSyntaxError(error, label);
  }
  refuseImports(value, label);
  return value;
}

/**
 * Parses the text of a config file as data, by its name: JSON for `.json`, YAML for `.yaml` and
 * `.yml`, and for an extensionless rc file JSON when it opens with `{`, else YAML. Any other
 * extension is refused: this function never runs code.
 */
export function parseConfigFile(file: string, content: string, label: string): unknown {
  const extension = path.extname(file).toLowerCase();
  if (extension === ".json") return parseJsonConfig(content, label);
  if (extension === ".yaml" || extension === ".yml") return parseYamlConfig(file, content, label);
  if (extension === "") {
    return content.trimStart().startsWith("{")
      ? parseJsonConfig(content, label)
      : parseYamlConfig(file, content, label);
  }
  throw new ConfigError(`a "${extension}" file is not read as data`, {
    file: label,
    fix: "write the config as JSON or YAML; a JavaScript config runs only when its path is given explicitly",
  });
}

/**
 * The config a file holds, refused when it is null or missing (`null`, an empty YAML document
 * `---`, `"llm": null` in package.json): such a file is a mistake, and taking the default config
 * instead would send prompts to the public providers with keys from the environment.
 */
export function requireConfigValue(value: unknown, label: string, pointer: string): unknown {
  if (value !== null && value !== undefined) return value;
  throw new ConfigError(`the config is ${value === null ? "null" : "empty"}`, {
    file: label,
    pointer: pointer || undefined,
    fix: "write the config object there (see llm.config.example.json), or delete it to use the default config",
  });
}
