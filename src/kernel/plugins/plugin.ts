import type { Logger } from "pino";
import type { ProviderFactory, ProviderRegistration, ToolCallIdFormat } from "../../contract/provider.js";
import type { PluginHooks } from "../hooks/hooks.js";
import type { OptionsFromSchema } from "./options-from-schema.js";

/** The plugin API version this kernel implements. */
export const PLUGIN_API_VERSION = 2;

/**
 * The versions a plugin may declare. Version 2 only added to version 1: the beforeAttempt,
 * afterAttempt, afterRequest and streamEvent hooks, the provider factory's second argument and new
 * registration fields. What it took away (the signal stand-ins such as `sdkSignalOf`) were
 * imports, which a plugin that used them fails on when it is imported, so a version 1 plugin that
 * loads at all behaves as it did. Any other version is refused at load.
 */
export const SUPPORTED_PLUGIN_API_VERSIONS: readonly number[] = [1, PLUGIN_API_VERSION];

/** What a plugin's `setup` receives. */
export interface PluginContext {
  /** Tap-only views of the kernel's hooks (see docs/architecture.md). */
  readonly hooks: PluginHooks;
  /** A pino child logger bound to `{ plugin: name }`. */
  readonly logger: Logger;
  /** Registers a provider type; the factory builds one client per provider instance of the config. */
  registerProvider(type: string, factory: ProviderFactory, registration?: ProviderRegistration): void;
  /**
   * The tool-call-ID format a provider type declared with its registration (`toolCallIds`), or
   * undefined. Registrations made by plugins loaded later are seen too: ask at request time.
   */
  toolCallIdFormat(providerType: string): Readonly<ToolCallIdFormat> | undefined;
  /** Runs at `runtime.close()`, after the plugins loaded later have closed. */
  onClose(fn: () => void | Promise<void>): void;
  /** The folder the config file is in (or the cwd), for resolving a plugin's relative paths. */
  readonly baseDir: string;
  /**
   * Replaces every secret the runtime knows (API keys, header values, keys taken from the
   * environment) with "[REDACTED]", for plugins that write text out of the runtime (dumps, metrics).
   */
  scrubSecrets(text: string): string;
  /** The runtime's clock, epoch milliseconds (`createRuntime({ now })`, default `Date.now`). */
  now(): number;
  /** The runtime's wait (`createRuntime({ sleep })`, default a timer). */
  sleep(ms: number): Promise<void>;
  /** The runtime's random source, uniform in [0, 1) (`createRuntime({ random })`, default `Math.random`). */
  random(): number;
}

/**
 * A plugin is a plain object. Importing its module has no side effects; all work happens in
 * `setup`, after the kernel has validated `options` against `optionsSchema`.
 */
export interface Plugin<Options = Record<string, unknown>> {
  /** kebab-case; a third-party plugin may use `scope/name`. Unique within a runtime. */
  readonly name: string;
  /** The plugin API it was written against: PLUGIN_API_VERSION (version 1 plugins load too). */
  readonly apiVersion: number;
  /** JSON Schema (draft-07) for `options`; defaults from it are filled in before `setup`. */
  readonly optionsSchema: Record<string, unknown>;
  setup(context: PluginContext, options: Options): void | Promise<void>;
  /** Releases what `setup` opened; called by `runtime.close()` in reverse load order. */
  close?(): void | Promise<void>;
}

/** A plugin whose options type is read from its `optionsSchema` (see OptionsFromSchema). */
type PluginWithSchema<Schema> = Omit<Plugin<OptionsFromSchema<Schema>>, "optionsSchema"> & {
  readonly optionsSchema: Schema;
};

/**
 * Declares a plugin; returns it frozen, so nothing can change it after load. `setup`'s `options`
 * are typed from `optionsSchema` (written inline or `as const`), or by a type argument:
 * `definePlugin<MyOptions>({ ... })`.
 */
export function definePlugin<const Schema extends SchemaObject>(
  plugin: PluginWithSchema<Schema>,
): Plugin<OptionsFromSchema<Schema>>;
export function definePlugin<Options>(plugin: Plugin<Options>): Plugin<Options>;
export function definePlugin(plugin: Plugin<unknown>): Plugin<unknown> {
  return Object.freeze({ ...plugin });
}

/** A JSON Schema object as a plugin writes one (a type alias: an interface would not match it). */
type SchemaObject = { readonly [keyword: string]: unknown };
