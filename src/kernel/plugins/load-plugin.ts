import { PluginError } from "../../errors/loading-errors.js";
import { builtinPluginLoader, type PluginModule } from "./builtin-plugins.js";
import { PLUGIN_API_VERSION, type Plugin, SUPPORTED_PLUGIN_API_VERSIONS } from "./plugin.js";
import { resolvePluginSpecifier } from "./resolve-plugin-specifier.js";

const PLUGIN_NAME = /^(?:[a-z0-9][a-z0-9-]*\/)?[a-z0-9][a-z0-9-]*$/;

/** Checks that a module's default export keeps the plugin contract, before any of its code runs. */
export function checkPluginShape(specifier: string, candidate: unknown): Plugin {
  const fail = (problem: string, fix: string): never => {
    throw new PluginError(specifier, problem, { fix });
  };
  if (typeof candidate !== "object" || candidate === null) {
    return fail(
      "the module has no default export that is a plugin object",
      "export default definePlugin({ name, apiVersion: 2, optionsSchema, setup }) from the module",
    );
  }
  const plugin = candidate as Partial<Plugin>;
  if (typeof plugin.name !== "string" || !PLUGIN_NAME.test(plugin.name)) {
    fail("its name is missing or not kebab-case", 'name it like "my-plugin" or "my-scope/my-plugin"');
  }
  if (typeof plugin.apiVersion !== "number" || !SUPPORTED_PLUGIN_API_VERSIONS.includes(plugin.apiVersion)) {
    fail(
      `it was written for plugin API version ${String(plugin.apiVersion)}; this kernel implements version ${PLUGIN_API_VERSION} (and loads version 1 plugins)`,
      "use a version of the plugin written for this version of llm-runtime",
    );
  }
  if (typeof plugin.optionsSchema !== "object" || plugin.optionsSchema === null) {
    fail(
      "it has no optionsSchema",
      'declare a JSON Schema for its options, e.g. { type: "object", properties: {} }',
    );
  }
  if (typeof plugin.setup !== "function")
    fail("it has no setup function", "give the plugin a setup(context, options)");
  if (plugin.close !== undefined && typeof plugin.close !== "function") {
    fail("its close is not a function", "make close a function or leave it out");
  }
  return plugin as Plugin;
}

/**
 * Imports one plugin module (a built-in by its bare name first, then a path or a package), and
 * checks its default export. With `pathRoot`, a path outside that folder is refused unimported.
 */
export async function loadPlugin(specifier: string, baseDir: string, pathRoot?: string): Promise<Plugin> {
  const load =
    builtinPluginLoader(specifier) ?? importFrom(resolvePluginSpecifier(specifier, baseDir, pathRoot));
  let module: PluginModule;
  try {
    module = await load();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new PluginError(specifier, `importing it failed: ${reason}`, {
      fix: "fix the error in the plugin module (it must import without side effects)",
      cause: error,
    });
  }
  return checkPluginShape(specifier, module.default);
}

function importFrom(url: string): () => Promise<PluginModule> {
  return () => import(url);
}
