import { LLMError } from "./llm-error.js";

export interface ConfigErrorDetails {
  /** The config file, when there is one. */
  file?: string;
  /** JSON pointer into the config (`/clients/default/model`). */
  pointer?: string;
  fix: string;
  cause?: unknown;
}

/** The config is missing, malformed or inconsistent. Names the file, the JSON pointer and the fix. */
export class ConfigError extends LLMError {
  readonly file?: string;
  readonly pointer?: string;

  constructor(message: string, details: ConfigErrorDetails) {
    const where = [details.file, details.pointer].filter(Boolean).join(" at ");
    super("config", where ? `${where}: ${message}` : message, { fix: details.fix, cause: details.cause });
    this.file = details.file;
    this.pointer = details.pointer;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), file: this.file, pointer: this.pointer };
  }
}

/** A plugin could not be found, loaded, validated or set up. Names the plugin and the fix. */
export class PluginError extends LLMError {
  readonly plugin: string;

  constructor(plugin: string, message: string, details: { fix: string; cause?: unknown }) {
    super("plugin", `plugin "${plugin}": ${message}`, details);
    this.plugin = plugin;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), plugin: this.plugin };
  }
}

/**
 * A hook tap threw or returned the wrong shape; the request was not sent (or its result was not
 * returned). For an onError tap the cause is the provider error being decided on, so it is not lost.
 */
export class HookError extends LLMError {
  readonly hook: string;
  readonly plugin: string;

  constructor(hook: string, plugin: string, reason: unknown, cause: unknown = reason) {
    const text = reason instanceof Error ? reason.message : String(reason);
    super("hook", `${hook} tap of plugin "${plugin}" failed: ${text}`, {
      cause,
      fix: `correct plugin "${plugin}", or remove it from the config's plugins`,
    });
    this.hook = hook;
    this.plugin = plugin;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), hook: this.hook, plugin: this.plugin };
  }
}

/** A file could not be attached: outside the allowed roots, too large, not a regular file, unreadable. */
export class AttachmentError extends LLMError {
  /** The path as the caller gave it (control characters escaped). */
  readonly filePath: string;

  constructor(filePath: string, message: string, details: { fix: string; cause?: unknown }) {
    const shown = JSON.stringify(filePath);
    super("attachment", `attachment ${shown}: ${message}`, details);
    this.filePath = shown;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), filePath: this.filePath };
  }
}
