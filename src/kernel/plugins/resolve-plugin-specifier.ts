import { existsSync, readFileSync, realpathSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { pathToFileURL } from "node:url";
import { suggestClosest } from "../../config/suggest-closest.js";
import { PluginError } from "../../errors/loading-errors.js";
import { listBuiltinPlugins } from "./builtin-plugins.js";

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

/** Whether `candidate` is `root` or below it (both real paths). */
function isWithin(root: string, candidate: string): boolean {
  const path = relative(root, candidate);
  return path === "" || (path !== ".." && !path.startsWith(`..${sep}`) && !isAbsolute(path));
}

/**
 * Refuses a plugin file of a discovered config that lies outside the config's own folder tree,
 * symlinks followed: such a config was found by searching the working folder, and is trusted only
 * with the code beside it.
 */
function checkInsideRoot(specifier: string, path: string, root: string): void {
  const realRoot = realpathSync(root);
  if (isWithin(realRoot, realpathSync(path))) return;
  throw new PluginError(
    specifier,
    `the file is outside ${realRoot}, the folder of the config that names it`,
    {
      fix: "a config found by discovery loads plugin files only from its own folder and below: move the plugin there, install it as a package, or name the config explicitly (configPath, --config) to trust it",
    },
  );
}

/**
 * Where a plugin named in the config lives: a relative or absolute path (from the config file's
 * folder) or an installed package. Built-in names are looked up before this (`builtinPluginLoader`).
 * Nothing is imported here.
 */
export function resolvePluginSpecifier(specifier: string, baseDir: string, pathRoot?: string): string {
  if (specifier.startsWith(".") || isAbsolute(specifier)) {
    const path = resolve(baseDir, specifier);
    if (!existsSync(path)) {
      throw new PluginError(specifier, `no file at ${path}`, {
        fix: `check the path; relative plugin paths resolve from the config file's folder (${baseDir})`,
      });
    }
    if (pathRoot !== undefined) checkInsideRoot(specifier, path, pathRoot);
    return pathToFileURL(path).href;
  }
  const entry = packageEntry(specifier, baseDir);
  if (entry) return pathToFileURL(entry).href;
  const closest = suggestClosest(specifier, listBuiltinPlugins());
  throw new PluginError(specifier, "it is neither a built-in plugin nor an installed package", {
    fix: closest
      ? `did you mean "${closest}"? (built-in plugins: ${listBuiltinPlugins().join(", ")})`
      : `use a built-in plugin (${listBuiltinPlugins().join(", ")}), a path starting with "./", or install the package`,
  });
}
