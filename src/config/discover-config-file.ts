import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { ConfigError, isLLMError } from "../errors/index.js";
import type { ConfigSource } from "./config-source.js";
import { type LabelFile, parseConfigFile, requireConfigValue, SEARCH_PLACES } from "./parse-config-file.js";
import { checkConfigSize, parseJsonConfig, refuseImports } from "./parse-config-text.js";

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

/**
 * The folders searched, nearest first: from `start` up to the nearest folder holding a
 * package.json or package.yaml (the project root), or `start` alone when there is none, so a file
 * planted in a parent folder outside any project is never picked up.
 */
async function searchFolders(start: string): Promise<string[]> {
  const folders: string[] = [];
  for (let dir = start; ; dir = path.dirname(dir)) {
    folders.push(dir);
    if ((await isFile(path.join(dir, "package.json"))) || (await isFile(path.join(dir, "package.yaml")))) {
      return folders;
    }
    if (path.dirname(dir) === dir) return [start];
  }
}

/** The text of a regular file, or undefined when there is none at that path. */
async function readIfFile(file: string, label: string): Promise<string | undefined> {
  try {
    const stats = await stat(file);
    if (!stats.isFile()) return undefined;
    checkConfigSize(stats.size, label);
    return await readFile(file, "utf8");
  } catch (error) {
    if (isLLMError(error)) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return undefined;
    throw new ConfigError(`the config file could not be read (${code ?? "unknown error"})`, {
      file: label,
      fix: "make it readable, or remove it to use another config",
    });
  }
}

/** The config of one search place in one folder, or undefined when that place holds none. */
async function readSearchPlace(file: string, labelOf: LabelFile): Promise<ConfigSource | undefined> {
  const label = labelOf(file);
  const content = await readIfFile(file, label);
  if (content === undefined) return undefined;
  const source = { file, label, baseDir: path.dirname(file), discovered: true };
  if (path.basename(file) !== "package.json") {
    const raw = requireConfigValue(await parseConfigFile(file, content, label), label, "");
    return { ...source, raw, pointerPrefix: "" };
  }
  const manifest = parseJsonConfig(content, label);
  if (typeof manifest !== "object" || manifest === null || !Object.hasOwn(manifest, "llm")) return undefined;
  const llm = (manifest as Record<string, unknown>).llm;
  refuseImports(llm, label);
  return { ...source, raw: requireConfigValue(llm, label, "/llm"), pointerPrefix: "/llm" };
}

/**
 * Looks for a config from `cwd` upward to the project root (see searchFolders), in each folder
 * trying package.json (its "llm" key), .llmrc, .llmrc.json and llm.config.json. Every file is read
 * as data (JSON or YAML) with the runtime's own readers: no code ever runs during discovery, and no
 * other file is consulted (cosmiconfig's search would first load its meta config from
 * process.cwd(), possibly `.config/config.js`, so it is not used). Returns undefined when nothing
 * is found; a file found but empty, null or invalid is a ConfigError, never skipped.
 */
export async function discoverConfigFile(cwd: string, labelOf: LabelFile): Promise<ConfigSource | undefined> {
  for (const folder of await searchFolders(cwd)) {
    for (const place of SEARCH_PLACES) {
      const source = await readSearchPlace(path.join(folder, place), labelOf);
      if (source !== undefined) return source;
    }
  }
  return undefined;
}
