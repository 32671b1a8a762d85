import path from "node:path";
import { ConfigError } from "../errors/loading-errors.js";

/** Where a config came from, for error messages. */
export interface ConfigLocation {
  /** The file as shown in errors (relative to cwd when inside it); undefined for an inline config. */
  label?: string;
  /** Pointer of the config within its file: "/llm" in package.json, else "". */
  pointerPrefix: string;
}

/** A ConfigError naming the file and the pointer (`pointer` is relative to the config). */
export function configErrorAt(
  location: ConfigLocation,
  pointer: string,
  message: string,
  fix: string,
): ConfigError {
  return new ConfigError(message, {
    file: location.label,
    pointer: `${location.pointerPrefix}${pointer}`,
    fix,
  });
}

/** The path shown in errors: relative to cwd when inside it, else absolute. */
export function displayPath(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  return relative && !relative.startsWith("..") && !path.isAbsolute(relative) ? relative : file;
}

/** A raw config and where it came from. */
export interface ConfigSource extends ConfigLocation {
  raw: unknown;
  /** Absolute path of the file; undefined for an inline config. */
  file?: string;
  /** The folder relative paths resolve from: the file's folder, else cwd. */
  baseDir: string;
  /** Whether the file was found by discovery rather than named (see ResolvedConfig.pluginPathRoot). */
  discovered?: boolean;
}
