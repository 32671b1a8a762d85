import type { Plugin } from "./plugin.js";

/** Plugin objects taken out of an inline config, by the placeholder left in their place. */
export type InlinePlugins = ReadonlyMap<string, unknown>;

const looksLikePlugin = (value: unknown): boolean =>
  typeof value === "object" && value !== null && typeof (value as Partial<Plugin>).setup === "function";

/**
 * An inline config (`createRuntime({ config })`) may list plugin objects beside names and paths:
 * `plugins: [myPlugin, { use: otherPlugin, options }, "retry"]`. The config schema describes the
 * JSON a file can hold, so each object is replaced by a placeholder name (`<object name #3>`) before
 * the config is validated, and setup takes the object back by that name. The object then goes
 * through the same checks as an imported module's default export.
 */
export function takePluginObjects(config: unknown): { config: unknown; objects: InlinePlugins } {
  const objects = new Map<string, unknown>();
  const plugins = (config as { plugins?: unknown } | null | undefined)?.plugins;
  if (
    !Array.isArray(plugins) ||
    !plugins.some((entry) => looksLikePlugin(entry) || looksLikePlugin(entry?.use))
  ) {
    return { config, objects };
  }
  const placeholder = (plugin: unknown, index: number) => {
    const name = `<object ${String((plugin as { name?: unknown }).name)} #${index}>`;
    objects.set(name, plugin);
    return name;
  };
  const entries = plugins.map((entry: unknown, index) => {
    if (looksLikePlugin(entry)) return placeholder(entry, index);
    const use = (entry as { use?: unknown } | null)?.use;
    if (looksLikePlugin(use)) return { ...(entry as object), use: placeholder(use, index) };
    return entry;
  });
  return { config: { ...(config as object), plugins: entries }, objects };
}
