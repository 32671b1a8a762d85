import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loadBuiltinPlugins } from "../config-docs/load-builtin-plugins.js";

/** One schema the runtime itself compiles, with the `useDefaults` setting it is compiled with. */
export interface BuiltinSchema {
  /** A JavaScript identifier, the validator's export name in the generated module. */
  name: string;
  /** Where the schema comes from, for the generated module's comments. */
  source: string;
  schema: object;
  useDefaults: boolean;
}

function camelCase(kebab: string): string {
  return kebab.replace(/-([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
}

/**
 * Every schema the runtime compiles for its own config and built-in plugins: the config schema
 * (validate-config, no defaults), each plugin's optionsSchema (setup-plugins, defaults) and each
 * provider type's instanceSchema (provider-registry, defaults). The plugins' schemas are read from
 * the plugins themselves, as the runtime sees them.
 */
export async function collectBuiltinSchemas(root: string): Promise<BuiltinSchema[]> {
  const configSchema = JSON.parse(readFileSync(join(root, "schemas", "llm.config.schema.json"), "utf8"));
  const schemas: BuiltinSchema[] = [
    { name: "config", source: "schemas/llm.config.schema.json", schema: configSchema, useDefaults: false },
  ];
  const { plugins, providerTypes } = await loadBuiltinPlugins(root);
  for (const plugin of plugins) {
    schemas.push({
      name: `${camelCase(plugin.name)}Options`,
      source: `the optionsSchema of plugin "${plugin.name}"`,
      schema: plugin.optionsSchema,
      useDefaults: true,
    });
  }
  for (const { plugin, type, registration } of providerTypes) {
    if (!registration.instanceSchema) continue;
    schemas.push({
      name: `${camelCase(type)}Instance`,
      source: `the instanceSchema of provider type "${type}" (plugin "${plugin}")`,
      schema: registration.instanceSchema,
      useDefaults: true,
    });
  }
  return schemas;
}
