/** A plugin module's namespace, as `import()` gives it. */
export type PluginModule = { default?: unknown };

/**
 * The plugins shipped with the runtime, by the name a config gives them. Each is a literal
 * `import()`, not a path worked out from this file's location, so the build's bundler can follow
 * it to wherever it puts the plugin's code, and a config naming only some plugins loads only
 * those (and so only their SDKs).
 */
const BUILTIN_PLUGINS: Readonly<Record<string, () => Promise<PluginModule>>> = {
  anthropic: () => import("../../../plugins/anthropic/index.js"),
  "azure-openai": () => import("../../../plugins/azure-openai/index.js"),
  "debug-dump": () => import("../../../plugins/debug-dump/index.js"),
  fallback: () => import("../../../plugins/fallback/index.js"),
  google: () => import("../../../plugins/google/index.js"),
  "google-vertex": () => import("../../../plugins/google-vertex/index.js"),
  health: () => import("../../../plugins/health/index.js"),
  "id-translation": () => import("../../../plugins/id-translation/index.js"),
  openai: () => import("../../../plugins/openai/index.js"),
  otel: () => import("../../../plugins/otel/index.js"),
  retry: () => import("../../../plugins/retry/index.js"),
  scripted: () => import("../../../plugins/scripted/index.js"),
};

/** How to import the built-in plugin of that name, or undefined when there is none. */
export function builtinPluginLoader(name: string): (() => Promise<PluginModule>) | undefined {
  return Object.hasOwn(BUILTIN_PLUGINS, name) ? BUILTIN_PLUGINS[name] : undefined;
}

/** Names of the built-in plugins (for error messages). */
export function listBuiltinPlugins(): string[] {
  return Object.keys(BUILTIN_PLUGINS);
}
