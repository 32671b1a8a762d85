import { readdir } from "node:fs/promises";
import path from "node:path";
import type { ResolvedConfig } from "../config/types.js";

/**
 * Names that look like an llm config but that discovery never reads (it reads llm.config.json,
 * .llmrc.json, .llmrc and package.json's "llm" key): a user who wrote one expects it to count.
 */
const UNREAD_CONFIG = /^(?:\.llmrc|llm\.config)\.(?:ya?ml|[cm]?[jt]s|json5|toml)$|^llm\.config$/;

/**
 * Lines config check adds after the chains: the config-looking files in the working folder that
 * were not read, and a note when no client is defined.
 */
export async function notesOnConfig(config: ResolvedConfig, cwd: string): Promise<string[]> {
  const notes: string[] = [];
  const entries = await readdir(cwd).catch(() => [] as string[]);
  for (const name of entries.filter((entry) => UNREAD_CONFIG.test(entry)).sort()) {
    if (config.file !== undefined && path.resolve(cwd, name) === config.file) continue;
    notes.push(
      `note: ${name} was not read: discovery reads only llm.config.json, .llmrc.json, .llmrc and package.json's "llm" key (pass it with --config to use it)`,
    );
  }
  if (Object.keys(config.clients).length === 0) {
    notes.push(
      'note: no clients are defined; add one under "clients" (e.g. "default": { "model": "gpt-4o" })',
    );
  }
  return notes;
}
