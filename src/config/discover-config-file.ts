import { stat } from "node:fs/promises";
import path from "node:path";
import type { CosmiconfigResult } from "cosmiconfig";
import { ConfigError, isLLMError } from "../errors/index.js";
import type { ConfigSource } from "./config-source.js";
import { createConfigExplorer, type LabelFile, SEARCH_PLACES } from "./create-config-explorer.js";
import { emptyConfigFileError } from "./parse-config-text.js";

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

/** Whether a folder at or above `start` holds a package.json (cosmiconfig's project boundary). */
async function insideProject(start: string): Promise<boolean> {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if ((await isFile(path.join(dir, "package.json"))) || (await isFile(path.join(dir, "package.yaml")))) {
      return true;
    }
    if (path.dirname(dir) === dir) return false;
  }
}

/** Turns what cosmiconfig found into a source; an empty file is an error, not "no config". */
export function toConfigSource(result: NonNullable<CosmiconfigResult>, labelOf: LabelFile): ConfigSource {
  const label = labelOf(result.filepath);
  if (result.isEmpty) throw emptyConfigFileError(label);
  const inPackageJson = path.basename(result.filepath) === "package.json";
  return {
    raw: result.config,
    file: result.filepath,
    label,
    baseDir: path.dirname(result.filepath),
    pointerPrefix: inPackageJson ? "/llm" : "",
  };
}

/**
 * Looks for a config from `cwd` upward to the nearest folder with a package.json, in each folder
 * trying package.json (its "llm" key), .llmrc, .llmrc.json and llm.config.json. Outside any
 * project only `cwd` itself is searched, so a file planted in a parent folder is never picked up.
 * Returns undefined when nothing is found.
 */
export async function discoverConfigFile(cwd: string, labelOf: LabelFile): Promise<ConfigSource | undefined> {
  const explorer = await createConfigExplorer((await insideProject(cwd)) ? "project" : "none", labelOf);
  let result: CosmiconfigResult;
  try {
    result = await explorer.search(cwd);
  } catch (error) {
    if (isLLMError(error)) throw error;
    throw new ConfigError(`searching for a config from ${cwd} failed: ${(error as Error).message}`, {
      fix: `check the permissions of ${SEARCH_PLACES.join(", ")} in that folder and its parents, or pass configPath`,
      cause: error,
    });
  }
  return result ? toConfigSource(result, labelOf) : undefined;
}
