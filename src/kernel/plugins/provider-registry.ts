import { compileSchema, type SchemaValidator } from "../../config/compile-schema.js";
import { escapePointerToken } from "../../config/describe-schema-errors.js";
import { readEnv } from "../../config/interpolate-env.js";
import type { ResolvedConfig } from "../../config/types.js";
import type {
  ProviderClient,
  ProviderEnvironment,
  ProviderFactory,
  ProviderInstanceConfig,
  ProviderRegistration,
  ToolCallIdFormat,
} from "../../contract/provider.js";
import { ConfigError, PluginError } from "../../errors/loading-errors.js";
import { isScrubbableSecret } from "../../logging/scrub-secrets.js";

/** The JSON pointer of a provider entry, under `/llm` when the config lives in package.json. */
function providerPointer(config: ResolvedConfig, name: string): string {
  return `${config.pointerPrefix ?? ""}/providers/${escapePointerToken(name)}`;
}

/** IDs other providers produce, which a declared `mint` must turn into accepted ones. */
const FOREIGN_ID_SAMPLES = [
  "functions.write:0",
  "call_x|fc_y",
  "",
  "toolu_01A09q90qw90lq917835lq9",
  "x".repeat(300),
];

/**
 * The format as the registry keeps it (frozen, the pattern without the stateful `g` and `y` flags),
 * after checking that `mint` gives accepted IDs for a few foreign ones: a wrong declaration fails at
 * load, naming the plugin, rather than as a provider's 400 in the middle of a tool loop.
 */
function checkToolCallIdFormat(plugin: string, type: string, format: ToolCallIdFormat): ToolCallIdFormat {
  const wrong = (problem: string): never => {
    throw new PluginError(plugin, `the toolCallIds of provider type "${type}" ${problem}`, {
      fix: "declare { pattern: RegExp, maxLength?: number, mint(foreignId): string } whose mint gives IDs the pattern accepts",
    });
  };
  if (!(format.pattern instanceof RegExp)) wrong("have no pattern (a RegExp)");
  if (typeof format.mint !== "function") wrong("have no mint function");
  const { maxLength } = format;
  if (maxLength !== undefined && !(Number.isInteger(maxLength) && maxLength > 0)) {
    wrong("have a maxLength that is not a positive integer");
  }
  const pattern = new RegExp(format.pattern.source, format.pattern.flags.replace(/[gy]/g, ""));
  const checked: ToolCallIdFormat = Object.freeze({ pattern, maxLength, mint: format.mint });
  for (const sample of FOREIGN_ID_SAMPLES) {
    let minted: unknown;
    try {
      minted = format.mint(sample);
    } catch (error) {
      wrong(
        `mint threw for ${JSON.stringify(sample.slice(0, 40))}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    if (typeof minted !== "string" || !acceptsToolCallId(checked, minted)) {
      wrong(
        `mint made ${JSON.stringify(String(minted).slice(0, 60))} from ${JSON.stringify(sample.slice(0, 40))}, which the pattern or maxLength refuses`,
      );
    }
  }
  return checked;
}

/** Whether a declared format accepts `id` as it is (the empty ID never). */
function acceptsToolCallId(format: Readonly<ToolCallIdFormat>, id: string): boolean {
  return (
    id.length > 0 && id.length <= (format.maxLength ?? Number.POSITIVE_INFINITY) && format.pattern.test(id)
  );
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
    const toolCallIds =
      registration.toolCallIds && checkToolCallIdFormat(plugin, type, registration.toolCallIds);
    this.types.set(type, {
      plugin,
      factory,
      registration: { ...registration, toolCallIds },
      validateInstance,
    });
  }

  /** The tool-call-ID format a provider type declared, or undefined (also for an unknown type). */
  toolCallIdFormat(type: string): Readonly<ToolCallIdFormat> | undefined {
    return this.types.get(type)?.registration.toolCallIds;
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
