import type { ResolvedConfig } from "../config/types.js";
import { ConfigError } from "../errors/loading-errors.js";

/** Built-in plugins that never decide to move a request to the next target, nor to retry one. */
const NEVER_FALL_BACK: ReadonlySet<string> = new Set([
  "openai",
  "google",
  "anthropic",
  "azure-openai",
  "google-vertex",
  "scripted",
  "retry",
  "id-translation",
  "debug-dump",
  "otel",
]);

/**
 * A client with fallbacks needs a plugin that may decide to fall back (on onError); with only
 * built-ins that never do (the provider plugins, retry, id-translation, debug-dump, otel), the fallbacks
 * are never tried while the config says otherwise. Refused at load, with the fix, rather than found
 * out during an outage. Any other plugin (the built-in fallback, a third-party one) may decide it.
 */
function checkFallbackPlugin(config: ResolvedConfig, loaded: readonly string[]): void {
  if (loaded.some((name) => !NEVER_FALL_BACK.has(name))) return;
  for (const [name, client] of Object.entries(config.clients)) {
    if (client.targets.length < 2) continue;
    throw new ConfigError(
      `client "${name}" has fallbacks, but no fallback plugin is loaded, so they would never be tried`,
      {
        file: config.file,
        pointer: client.targets[1].pointer,
        fix: 'add "fallback" to "plugins" (or leave out the "plugins" key for the default set), or remove the fallbacks',
      },
    );
  }
}

/**
 * Retry settings given to another plugin (the health plugin's `retryBudget*` options) do nothing
 * when no plugin retries: refused, as fallbacks without a fallback plugin are, rather than silently
 * ignored. Any plugin other than the built-ins that never retry may retry.
 */
function checkRetryOptions(config: ResolvedConfig, loaded: readonly string[]): void {
  const retries = loaded.some(
    (name) => name === "retry" || (!NEVER_FALL_BACK.has(name) && name !== "fallback" && name !== "health"),
  );
  if (retries) return;
  for (const entry of config.plugins) {
    const option = Object.keys(entry.options).find((key) => key.startsWith("retryBudget"));
    if (option === undefined) continue;
    throw new ConfigError(`${option} is set, but no retry plugin is loaded, so nothing is ever retried`, {
      file: config.file,
      pointer: `${entry.pointer}/options/${option}`,
      fix: 'add "retry" to "plugins" (or leave out the "plugins" key for the default set), or remove the option',
    });
  }
}

/** The plugin set keeps what the config promises: fallbacks and retry settings that can take effect. */
export function checkPluginSet(config: ResolvedConfig, loaded: readonly string[]): void {
  checkFallbackPlugin(config, loaded);
  checkRetryOptions(config, loaded);
}
