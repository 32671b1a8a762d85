import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { ConfigError, isLLMError } from "../errors/index.js";
import type { ConfigSource } from "./config-location.js";
import {
  checkConfigSize,
  type LabelFile,
  parseConfigFile,
  parseJsonConfig,
  refuseImports,
  requireConfigValue,
  SEARCH_PLACES,
} from "./parse-config-text.js";

const CODE_EXTENSIONS = new Set([".js", ".mjs", ".cjs"]);
const YAML_EXTENSIONS = new Set(["", ".yaml", ".yml"]);

/** Stats the file: a missing path or a folder is a ConfigError. Returns its size in bytes. */
async function statConfigFile(file: string, label: string, cwd: string): Promise<number> {
  let size: number;
  try {
    const stats = await stat(file);
    if (!stats.isFile()) throw new Error("not a file");
    size = stats.size;
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === "ENOENT";
    throw new ConfigError(
      missing ? "the config file does not exist" : "the config path is not a readable file",
      {
        file: label,
        fix: `check configPath (a relative path is resolved from ${cwd})`,
      },
    );
  }
  return size;
}

/** A JSON file: read with fs (no cosmiconfig), the "llm" key when it is a package.json. */
async function readJsonFile(file: string, label: string): Promise<ConfigSource> {
  const value = parseJsonConfig(await readFile(file, "utf8"), label);
  const source: ConfigSource = { raw: value, file, label, baseDir: path.dirname(file), pointerPrefix: "" };
  if (path.basename(file) !== "package.json") return source;
  const llm = (value as Record<string, unknown> | null)?.llm;
  if (llm === undefined) {
    throw new ConfigError('package.json has no "llm" key', {
      file: label,
      fix: 'put the config under an "llm" key in package.json, or point configPath at a config file',
    });
  }
  return { ...source, raw: requireConfigValue(llm, label, "/llm"), pointerPrefix: "/llm" };
}

/**
 * A JS config, run as trusted code only because its path was given: its default export. The
 * import error's stack is not kept, since it can quote the module's source.
 */
async function importCodeConfig(file: string, label: string): Promise<ConfigSource> {
  let module: { default?: unknown };
  try {
    module = await import(pathToFileURL(file).href);
  } catch (error) {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : "it threw a non-error";
    throw new ConfigError(`the config module failed to load (${reason})`, {
      file: label,
      fix: "correct the module so that `node` can import it",
    });
  }
  if (module.default === undefined) {
    throw new ConfigError("the config module has no default export", {
      file: label,
      fix: "export the config object as the default export: export default { ... } (or module.exports = { ... })",
    });
  }
  const raw = requireConfigValue(snapshotExport(module.default, label), label, "");
  return { raw, file, label, baseDir: path.dirname(file), pointerPrefix: "" };
}

/** Deepest nesting copied from a code config; a config is a few levels deep. */
const MAX_EXPORT_DEPTH = 32;

function copyExport(value: unknown, depth: number): unknown {
  if (typeof value !== "object" || value === null) return value;
  if (depth > MAX_EXPORT_DEPTH) throw new Error(`nested deeper than ${MAX_EXPORT_DEPTH} levels (a cycle?)`);
  if (Array.isArray(value)) return Array.from(value, (item) => copyExport(item, depth + 1));
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return value;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    Object.defineProperty(copy, key, {
      value: copyExport((value as Record<string, unknown>)[key], depth + 1),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return copy;
}

/**
 * A copy of a code config's export made of plain objects and arrays, each property read once: a
 * getter or a Proxy that throws is a ConfigError here, not an untyped error in the middle of
 * validation, and one that answers differently on each read cannot change the config after it
 * was checked.
 */
function snapshotExport(value: unknown, label: string): unknown {
  try {
    return copyExport(value, 0);
  } catch (error) {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : "it threw a non-error";
    throw new ConfigError(`the config module's export could not be read (${reason})`, {
      file: label,
      fix: "export a plain object of data: no getters or proxies that throw",
    });
  }
}

/** YAML or an extensionless rc file (JSON or YAML), read as data. */
async function readDataFile(file: string, label: string): Promise<ConfigSource> {
  const value = await parseConfigFile(file, await readFile(file, "utf8"), label);
  return {
    raw: requireConfigValue(value, label, ""),
    file,
    label,
    baseDir: path.dirname(file),
    pointerPrefix: "",
  };
}

/** Reads the config at an explicit path (relative to cwd), choosing the reader by extension. */
export async function readConfigFile(
  configPath: string,
  cwd: string,
  labelOf: LabelFile,
): Promise<ConfigSource> {
  const file = path.resolve(cwd, configPath);
  const label = labelOf(file);
  const extension = path.extname(file).toLowerCase();
  const supported = extension === ".json" || CODE_EXTENSIONS.has(extension) || YAML_EXTENSIONS.has(extension);
  if (!supported) {
    throw new ConfigError(`configs with the extension "${extension}" are not supported`, {
      file: label,
      fix: "use .json, .yaml, .yml, an extensionless rc file, or a .js, .mjs or .cjs module",
    });
  }
  const size = await statConfigFile(file, label, cwd);
  if (extension === ".json") {
    checkConfigSize(size, label);
    return readJsonFile(file, label);
  }
  if (CODE_EXTENSIONS.has(extension)) return importCodeConfig(file, label);
  checkConfigSize(size, label);
  return readDataFile(file, label);
}

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
