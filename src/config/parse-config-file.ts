import path from "node:path";
import { ConfigError } from "../errors/loading-errors.js";
import {
  emptyConfigFileError,
  parseJsonConfig,
  refuseImports,
  yamlSyntaxError,
} from "./parse-config-text.js";

/** Where discovery looks in each folder, in this order. Never a code config: see discover-config-file.ts. */
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
