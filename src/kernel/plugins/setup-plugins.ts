import type { Logger } from "pino";
import { compileSchema } from "../../config/compile-schema.js";
import type { PluginEntry } from "../../config/types.js";
import { PluginError } from "../../errors/loading-errors.js";
import { createPluginHooks, type KernelHooks } from "../hooks/hooks.js";
import type { RuntimeEdges } from "../runtime-edges.js";
import type { InlinePlugins } from "./inline-plugins.js";
import { checkPluginShape, loadPlugin } from "./load-plugin.js";
import type { Plugin, PluginContext } from "./plugin.js";
import type { ProviderRegistry } from "./provider-registry.js";

export interface SetupEnvironment {
  hooks: KernelHooks;
  registry: ProviderRegistry;
  logger: Logger;
  baseDir: string;
  /** When set, a plugin named by path must lie inside this folder (ResolvedConfig.pluginPathRoot). */
  pluginPathRoot?: string;
  /** Filled with the release functions of every plugin set up, in load order. */
  closers: Array<() => void | Promise<void>>;
  setupTimeoutMs: number;
  /** Value-based scrubbing of every secret known, now or later (keys from the env join at build). */
  scrubSecrets: (text: string) => string;
  /** The clock, wait and random source plugins are given. */
  edges: RuntimeEdges;
  /** Plugin objects the inline config listed, by the placeholder name left in the entries. */
  inline?: InlinePlugins;
}

function validateOptions(plugin: Plugin, entry: PluginEntry): Record<string, unknown> {
  let validate: ReturnType<typeof compileSchema>;
  try {
    validate = compileSchema(plugin.optionsSchema, { useDefaults: true });
  } catch (error) {
    throw new PluginError(plugin.name, "its optionsSchema is not a valid JSON Schema", {
      fix: "correct the plugin's optionsSchema",
      cause: error,
    });
  }
  const options = structuredClone(entry.options);
  const problems = validate(options);
  if (problems.length > 0) {
    const listed = problems.map(
      (problem) => `${entry.pointer}/options${problem.pointer}: ${problem.message}`,
    );
    throw new PluginError(plugin.name, `invalid options: ${listed.join("; ")}`, {
      fix: `correct the options of "${entry.use}" in the config's plugins list`,
    });
  }
  return options;
}

async function runSetup(plugin: Plugin, context: PluginContext, options: object, timeoutMs: number) {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new PluginError(plugin.name, `setup did not finish within ${timeoutMs} ms`, {
            fix: "make setup resolve; long work belongs in the first request or behind a promise the plugin awaits",
          }),
        ),
      timeoutMs,
    );
  });
  try {
    await Promise.race([plugin.setup(context, options as Record<string, unknown>), timeout]);
  } catch (error) {
    if (error instanceof PluginError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new PluginError(plugin.name, `setup failed: ${reason}`, {
      fix: "fix the plugin or its options",
      cause: error,
    });
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Imports every plugin the config names (in parallel), then checks names, validates options and
 * runs each setup in config order. Hook order comes from stages, not from this order. Returns
 * the names of the plugins set up.
 */
export async function setupPlugins(
  entries: readonly PluginEntry[],
  environment: SetupEnvironment,
): Promise<string[]> {
  const plugins = await Promise.all(
    entries.map((entry) => {
      const inline = environment.inline?.get(entry.use);
      return inline === undefined
        ? loadPlugin(entry.use, environment.baseDir, environment.pluginPathRoot)
        : checkPluginShape(entry.use, inline);
    }),
  );
  const seen = new Map<string, string>();
  for (const [index, plugin] of plugins.entries()) {
    const entry = entries[index];
    const earlier = seen.get(plugin.name);
    if (earlier !== undefined) {
      throw new PluginError(plugin.name, `it is loaded twice (as "${earlier}" and as "${entry.use}")`, {
        fix: "name each plugin once in the config's plugins list",
      });
    }
    seen.set(plugin.name, entry.use);
    const options = validateOptions(plugin, entry);
    const context = Object.freeze<PluginContext>({
      hooks: createPluginHooks(environment.hooks, plugin.name),
      logger: environment.logger.child({ plugin: plugin.name }),
      registerProvider: (type, factory, registration) =>
        environment.registry.register(plugin.name, type, factory, registration),
      toolCallIdFormat: (providerType: string) => environment.registry.toolCallIdFormat(providerType),
      onClose: (fn: () => void | Promise<void>) => {
        environment.closers.push(fn);
      },
      baseDir: environment.baseDir,
      scrubSecrets: environment.scrubSecrets,
      now: environment.edges.now,
      sleep: environment.edges.sleep,
      random: environment.edges.random,
    });
    await runSetup(plugin, context, options, environment.setupTimeoutMs);
    if (plugin.close) environment.closers.push(() => plugin.close?.());
  }
  return [...seen.keys()];
}
