import path from "node:path";
import type { Loader, PublicExplorer } from "cosmiconfig";
import { ConfigError } from "../errors/loading-errors.js";
import { checkConfigSize, parseJsonConfig, refuseImports, yamlSyntaxError } from "./parse-config-text.js";

/** Where discovery looks in each folder, in this order. No code configs (RELIABILITY I1). */
export const SEARCH_PLACES = ["package.json", ".llmrc", ".llmrc.json", "llm.config.json"] as const;

const CODE_EXTENSIONS = [".js", ".mjs", ".cjs", ".ts", ".mts", ".cts"];

/** Turns an absolute path into the name shown in errors. */
export type LabelFile = (file: string) => string;

function jsonLoader(labelOf: LabelFile): Loader {
  return (file, content) => {
    const value = parseJsonConfig(content, labelOf(file));
    if (path.basename(file) === "package.json" && typeof value === "object" && value !== null) {
      refuseImports((value as Record<string, unknown>).llm, labelOf(file));
    }
    return value;
  };
}

function yamlLoader(labelOf: LabelFile, parseYaml: Loader): Loader {
  return async (file, content) => {
    checkConfigSize(Buffer.byteLength(content), labelOf(file));
    let value: unknown;
    try {
      value = await parseYaml(file, content);
    } catch (error) {
      throw yamlSyntaxError(error, labelOf(file));
    }
    refuseImports(value, labelOf(file));
    return value;
  };
}

/** A code config reached other than by an explicit path: refused, never run. */
function refuseCode(labelOf: LabelFile): Loader {
  return (file) => {
    throw new ConfigError("a JavaScript or TypeScript config runs only when its path is given explicitly", {
      file: labelOf(file),
      fix: "pass it as configPath to run it as trusted code, or write the config as JSON",
    });
  };
}

/**
 * A cosmiconfig explorer for the `llm` config: JSON through our parser (line and column, no
 * quoted text), YAML through cosmiconfig's, every code loader replaced by a refusal, no cache.
 * cosmiconfig is imported here, on first need, because loading it costs about 100 ms.
 * `"project"` searches upward from the start folder to the nearest folder with a package.json.
 */
export async function createConfigExplorer(
  searchStrategy: "none" | "project",
  labelOf: LabelFile,
): Promise<PublicExplorer> {
  const { cosmiconfig, defaultLoaders } = await import("cosmiconfig");
  const loadJson = jsonLoader(labelOf);
  const loadYaml = yamlLoader(labelOf, defaultLoaders[".yaml"]);
  const loadRc: Loader = (file, content) =>
    content.trimStart().startsWith("{") ? loadJson(file, content) : loadYaml(file, content);
  const refusal = refuseCode(labelOf);
  const codeLoaders = Object.fromEntries(CODE_EXTENSIONS.map((extension) => [extension, refusal]));
  return cosmiconfig("llm", {
    searchPlaces: [...SEARCH_PLACES],
    searchStrategy,
    packageProp: "llm",
    cache: false,
    // An empty config file is reported, not skipped in favour of one further up.
    ignoreEmptySearchPlaces: false,
    loaders: { ...codeLoaders, ".json": loadJson, ".yaml": loadYaml, ".yml": loadYaml, noExt: loadRc },
  });
}
