import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { ConfigError } from "../errors/index.js";
import type { ConfigSource } from "./config-source.js";
import { type LabelFile, parseConfigFile, requireConfigValue } from "./parse-config-file.js";
import { checkConfigSize, parseJsonConfig } from "./parse-config-text.js";

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
