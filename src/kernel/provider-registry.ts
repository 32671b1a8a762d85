import { compileSchema, type SchemaValidator } from "../config/compile-schema.js";
import { escapePointerToken } from "../config/describe-schema-errors.js";
import { readEnv } from "../config/interpolate-env.js";
import type { ResolvedConfig } from "../config/types.js";
import type {
  ProviderClient,
  ProviderEnvironment,
  ProviderFactory,
  ProviderInstanceConfig,
  ProviderRegistration,
} from "../contract/provider.js";
import { ConfigError, PluginError } from "../errors/loading-errors.js";
import { isScrubbableSecret } from "../logging/scrub-secrets.js";

/** The JSON pointer of a provider entry, under `/llm` when the config lives in package.json. */
function providerPointer(config: ResolvedConfig, name: string): string {
  return `${config.pointerPrefix ?? ""}/providers/${escapePointerToken(name)}`;
}

interface RegisteredType {
  plugin: string;
  factory: ProviderFactory;
  registration: ProviderRegistration;
  validateInstance?: SchemaValidator;
}

/** Provider types registered by plugins, and the clients built for the config's instances. */
export class ProviderRegistry {
  private readonly types = new Map<string, RegisteredType>();
  /** Each instance of the config with its type's schema defaults filled in, after checkInstances. */
  private readonly checked = new Map<string, ProviderInstanceConfig>();

  register(
    plugin: string,
    type: string,
    factory: ProviderFactory,
    registration: ProviderRegistration = {},
  ): void {
    const existing = this.types.get(type);
    if (existing) {
      throw new PluginError(
        plugin,
        `provider type "${type}" is already registered by plugin "${existing.plugin}"`,
        {
          fix: "load only one plugin per provider type",
        },
      );
    }
    if (typeof factory !== "function") {
      throw new PluginError(plugin, `registerProvider("${type}") needs a factory function`, {
        fix: "pass (instance) => ProviderClient",
      });
    }
    let validateInstance: SchemaValidator | undefined;
    if (registration.instanceSchema) {
      try {
        validateInstance = compileSchema(registration.instanceSchema, { useDefaults: true });
      } catch (error) {
        throw new PluginError(plugin, `its instanceSchema for "${type}" is not a valid JSON Schema`, {
          fix: "correct the schema passed to registerProvider",
          cause: error,
        });
      }
    }
    this.types.set(type, { plugin, factory, registration, validateInstance });
  }

  /** Each registered type's own param names (see `ProviderRegistration.nativeParams`). */
  nativeParams(): Map<string, Readonly<Record<string, string | null>>> {
    const natives = new Map<string, Readonly<Record<string, string | null>>>();
    for (const [type, { registration }] of this.types) {
      if (registration.nativeParams) natives.set(type, registration.nativeParams);
    }
    return natives;
  }

  registeredTypes(): string[] {
    return [...this.types.keys()];
  }

  /** Checks every instance's type and options; throws the first ConfigError found. */
  checkInstances(config: ResolvedConfig): void {
    for (const [name, instance] of Object.entries(config.providers)) {
      const pointer = providerPointer(config, name);
      const registered = this.types.get(instance.type);
      if (!registered) {
        throw new ConfigError(`no loaded plugin provides provider type "${instance.type}"`, {
          file: config.file,
          pointer: `${pointer}/type`,
          fix: `add the plugin for "${instance.type}" to "plugins" (types loaded: ${this.registeredTypes().join(", ") || "none"})`,
        });
      }
      // The config is frozen: defaults from the type's schema are filled into a copy, which is
      // what the factory will see.
      const { name: _name, ...options } = structuredClone(instance);
      const problems = registered.validateInstance?.(options) ?? [];
      this.checked.set(name, { ...options, name } as ProviderInstanceConfig);
      if (problems.length > 0) {
        throw new ConfigError(
          problems.map((problem) => `${pointer}${problem.pointer}: ${problem.message}`).join("; "),
          {
            file: config.file,
            pointer,
            fix: `correct the "${instance.type}" provider entry as listed`,
          },
        );
      }
    }
  }

  /** The instance as its factory sees it, with the API key taken from the environment if needed. */
  private completeInstance(
    config: ResolvedConfig,
    instance: ProviderInstanceConfig,
    env: Record<string, string | undefined>,
  ): ProviderInstanceConfig {
    const { registration } = this.types.get(instance.type) as RegisteredType;
    if (instance.apiKey || registration.requiresApiKey === false) return instance;
    const variables = registration.apiKeyEnv ?? [];
    const fromEnv = variables.map((variable) => readEnv(env, variable)).find((value) => value);
    if (fromEnv) return { ...instance, apiKey: fromEnv };
    throw new ConfigError(`provider "${instance.name}" has no API key`, {
      file: config.file,
      pointer: `${providerPointer(config, instance.name)}/apiKey`,
      fix: variables.length
        ? `set ${variables.join(" or ")} in the environment, or add "apiKey": "\${YOUR_VAR}" to the entry`
        : `add "apiKey": "\${YOUR_VAR}" to the entry`,
    });
  }

  /**
   * Builds a client for each named instance, in parallel (a factory may import its SDK). Instances no
   * client uses are never built, so their SDKs are never imported.
   */
  async build(
    config: ResolvedConfig,
    names: Iterable<string>,
    env: Record<string, string | undefined>,
    secrets: string[],
    environment: ProviderEnvironment,
  ): Promise<Map<string, ProviderClient>> {
    const instances = [...new Set(names)].map((name) =>
      this.completeInstance(config, this.checked.get(name) ?? config.providers[name], env),
    );
    for (const instance of instances) {
      if (isScrubbableSecret(instance.apiKey, instance)) secrets.push(instance.apiKey);
    }
    const built = await Promise.all(
      instances.map(async (instance) => {
        const registered = this.types.get(instance.type) as RegisteredType;
        try {
          return [instance.name, await registered.factory(Object.freeze(instance), environment)] as const;
        } catch (error) {
          if (error instanceof ConfigError || error instanceof PluginError) throw error;
          const reason = error instanceof Error ? error.message : String(error);
          throw new PluginError(registered.plugin, `building provider "${instance.name}" failed: ${reason}`, {
            fix: `check the "${instance.name}" entry under "providers"`,
            cause: error,
          });
        }
      }),
    );
    return new Map(built);
  }
}
