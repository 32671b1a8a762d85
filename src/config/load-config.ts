import path from "node:path";
import { ConfigError } from "../errors/loading-errors.js";
import { buildDefaultConfig } from "./build-default-config.js";
import { buildResolvedConfig } from "./build-resolved-config.js";
import { isContainer } from "./check-config-shape.js";
import type { ConfigSource } from "./config-location.js";
import { displayPath } from "./config-location.js";
import { interpolateEnv } from "./interpolate-env.js";
import type { RawConfig } from "./raw-config.js";
import { discoverConfigFile, readConfigFile } from "./read-config-file.js";
import type { LoadConfigOptions, ResolvedConfig } from "./types.js";
import { validateConfig } from "./validate-config.js";

export { DEFAULT_BEHAVIOUR_PLUGINS } from "./build-default-config.js";

/** The raw config: inline, at an explicit path, or discovered; undefined when none exists. */
async function readConfigSource(options: LoadConfigOptions, cwd: string): Promise<ConfigSource | undefined> {
  if (options.config !== undefined && options.configPath !== undefined) {
    throw new ConfigError("both config and configPath were given", {
      fix: "pass either an inline config or the path of a config file, not both",
    });
  }
  if (options.config !== undefined) return { raw: options.config, baseDir: cwd, pointerPrefix: "" };
  const labelOf = (file: string) => displayPath(file, cwd);
  if (options.configPath !== undefined) return readConfigFile(options.configPath, cwd, labelOf);
  return discoverConfigFile(cwd, labelOf);
}

/**
 * Finds, validates and resolves the config: the inline `config`, else the file at `configPath`
 * (a JS module runs only then), else the first of package.json's "llm" key, .llmrc, .llmrc.json
 * and llm.config.json from `cwd` up to the project root, else the default config. Then the schema
 * (every problem listed), `${ENV}` interpolation, each client's chain with its providers
 * resolved, defaults, the secrets list, and a deep freeze. Every failure is a ConfigError naming
 * the file, the JSON pointer and the fix, and never a secret's value.
 */
export async function loadConfig(options: LoadConfigOptions): Promise<ResolvedConfig> {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const env = options.env ?? process.env;
  const source = await readConfigSource(options, cwd);
  const config = source ? resolveSource(source, env) : buildDefaultConfig(cwd, env);
  // Attachments are read only inside the working folder unless the config names other roots.
  if (config.files.allowedRoots.length === 0) config.files.allowedRoots.push(cwd);
  return deepFreeze(config);
}

function resolveSource(source: ConfigSource, env: Record<string, string | undefined>): ResolvedConfig {
  validateConfig(source.raw, source);
  const interpolated = interpolateEnv(source.raw, env, source);
  // Interpolation only replaces strings inside strings, so the schema still holds.
  return buildResolvedConfig(interpolated as RawConfig, source);
}

/**
 * Freezes plain objects and arrays at every depth, so that no plugin can change the config
 * another plugin (or the kernel) reads after loading. Other objects, which only a JS config can
 * hold, are left alone.
 */
export function deepFreeze<T>(value: T): T {
  if (!isContainer(value) || Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const item of Object.values(value)) deepFreeze(item);
  return value;
}
