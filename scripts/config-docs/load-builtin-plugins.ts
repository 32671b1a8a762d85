import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { pino } from "pino";
import { compileSchema } from "../../src/config/compile-schema.js";
import type { Plugin, PluginContext, ProviderRegistration } from "../../src/index.js";
import { REAL_EDGES } from "../../src/kernel/runtime-edges.js";

/** A provider type as a built-in plugin registers it in its setup. */
export interface RegisteredProviderType {
  plugin: string;
  type: string;
  registration: ProviderRegistration;
}

export interface BuiltinPlugins {
  plugins: Plugin[];
  providerTypes: RegisteredProviderType[];
}

const NO_TAPS = Object.freeze({ tap() {} });

/**
 * Imports every built-in plugin (`plugins/<name>/index.ts`) and runs its setup against a context
 * that records `registerProvider` calls and ignores taps, so the provider types' instance schemas
 * are read from the plugins themselves. No provider client is built.
 */
export async function loadBuiltinPlugins(root: string): Promise<BuiltinPlugins> {
  const folder = join(root, "plugins");
  const names = readdirSync(folder)
    .filter((name) => existsSync(join(folder, name, "index.ts")))
    .sort();
  const plugins: Plugin[] = [];
  const providerTypes: RegisteredProviderType[] = [];
  for (const name of names) {
    const module = (await import(pathToFileURL(join(folder, name, "index.ts")).href)) as { default: Plugin };
    const plugin = module.default;
    const context: PluginContext = {
      hooks: {
        beforeAttempt: NO_TAPS,
        beforeRequest: NO_TAPS,
        afterAttempt: NO_TAPS,
        afterResponse: NO_TAPS,
        onError: NO_TAPS,
        streamEvent: NO_TAPS,
        afterRequest: NO_TAPS,
      },
      logger: pino({ level: "silent" }),
      registerProvider: (type, _factory, registration = {}) =>
        providerTypes.push({ plugin: plugin.name, type, registration }),
      toolCallIdFormat: () => undefined,
      onClose: () => undefined,
      baseDir: root,
      scrubSecrets: (text) => text,
      ...REAL_EDGES,
    };
    const options = {};
    compileSchema(plugin.optionsSchema, { useDefaults: true })(options);
    await plugin.setup(context, options);
    plugins.push(plugin);
  }
  return { plugins, providerTypes };
}
