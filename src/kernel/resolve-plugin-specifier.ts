import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { PluginError } from "../errors/loading-errors.js";

/** Built-in plugins live in `plugins/<name>/index.{ts,js}`, beside `src/`, in the source tree or dist. */
const BUILTIN_ROOT = fileURLToPath(new URL("../../plugins/", import.meta.url));
const MODULE_EXTENSION = import.meta.url.endsWith(".ts") ? ".ts" : ".js";
const BUILTIN_NAME = /^[a-z][a-z0-9-]*$/;

function builtinPath(name: string): string | undefined {
  if (!BUILTIN_NAME.test(name)) return undefined;
  const path = join(BUILTIN_ROOT, name, `index${MODULE_EXTENSION}`);
  return existsSync(path) ? path : undefined;
}

/** The entry an `import` of a package's main export resolves to, from its manifest. */
function importEntry(root: string): string {
  const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  const exported = manifest.exports?.["."] ?? manifest.exports;
  const conditional =
    typeof exported === "object" && exported !== null ? (exported.import ?? exported.default) : exported;
  const entry = typeof conditional === "object" && conditional !== null ? conditional.default : conditional;
  return join(root, typeof entry === "string" ? entry : (manifest.module ?? manifest.main ?? "index.js"));
}

/**
 * The ESM entry of an installed package, found by walking up node_modules from `baseDir` (the
 * kernel imports plugins, so a dual package must load its ESM build, not its CommonJS one).
 */
function packageEntry(name: string, baseDir: string): string | undefined {
  for (let dir = baseDir; ; dir = dirname(dir)) {
    const root = join(dir, "node_modules", name);
    if (existsSync(join(root, "package.json"))) return importEntry(root);
    if (dirname(dir) === dir) break;
  }
  try {
    // Other layouts (workspaces, NODE_PATH) that only Node's own resolver knows.
    return createRequire(join(baseDir, "noop.js")).resolve(name);
  } catch {
    return undefined;
  }
}

/**
 * Where a plugin named in the config lives: a relative or absolute path (from the config file's
 * folder), a built-in plugin by bare name, or an installed package. Nothing is imported here.
 */
export function resolvePluginSpecifier(specifier: string, baseDir: string): string {
  if (specifier.startsWith(".") || isAbsolute(specifier)) {
    const path = resolve(baseDir, specifier);
    if (!existsSync(path)) {
      throw new PluginError(specifier, `no file at ${path}`, {
        fix: `check the path; relative plugin paths resolve from the config file's folder (${baseDir})`,
      });
    }
    return pathToFileURL(path).href;
  }
  const builtin = builtinPath(specifier);
  if (builtin) return pathToFileURL(builtin).href;
  const entry = packageEntry(specifier, baseDir);
  if (entry) return pathToFileURL(entry).href;
  throw new PluginError(specifier, "it is neither a built-in plugin nor an installed package", {
    fix: `use a built-in plugin (${listBuiltinPlugins().join(", ")}), a path starting with "./", or install the package`,
  });
}

/** Names of the built-in plugins shipped with this copy of the package (for error messages). */
export function listBuiltinPlugins(): string[] {
  if (!existsSync(BUILTIN_ROOT)) return [];
  return readdirSync(BUILTIN_ROOT).filter((name) => builtinPath(name) !== undefined);
}
