import type { ConfigLocation } from "./config-location.js";

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
