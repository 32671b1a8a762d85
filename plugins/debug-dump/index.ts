import * as path from "node:path";
import {
  definePlugin,
  type LLMProviderError,
  type PluginContext,
  type RequestContext,
} from "../../src/index.js";
import { buildDebugDump, type DumpInput } from "./build-debug-dump.js";
import { DEBUG_DUMP_OPTIONS_SCHEMA, type DebugDumpOptions } from "./debug-dump-options.js";
import { limitDumpSize } from "./limit-dump-size.js";
import { type DumpFileSystem, NODE_DUMP_FILE_SYSTEM, writeDumpFile } from "./write-dump-file.js";

export {
  buildDebugDump,
  DUMP_KIND,
  DUMP_VERSION,
  type DumpInput,
  type DumpSettings,
} from "./build-debug-dump.js";
export { DEBUG_DUMP_OPTIONS_SCHEMA, type DebugDumpOptions } from "./debug-dump-options.js";
export { limitDumpSize, type SizedDump } from "./limit-dump-size.js";
export { redactDumpMessage } from "./redact-dump-prompts.js";
export { REDACTED, redactDumpPaths, scrubDumpValue, scrubSecretText } from "./scrub-dump-secrets.js";
export {
  type DumpFileSystem,
  dumpFileName,
  NODE_DUMP_FILE_SYSTEM,
  writeDumpFile,
} from "./write-dump-file.js";

/** The I/O edges of the plugin: the file system and the clock. */
export interface DebugDumpEnvironment {
  fileSystem: DumpFileSystem;
  now: () => number;
}

/** Per request, for as long as its context lives: each failed attempt's error. */
type ErrorRecords = WeakMap<RequestContext, Map<number, LLMProviderError>>;

/**
 * The debug-dump plugin with its file system and clock injected (tests); the default export uses
 * node:fs and `Date.now`. It only observes: every tap returns nothing, and a dump that cannot be
 * built or written is logged as a warning and never changes the request's result. It taps onError
 * only, so a request that succeeds costs it nothing: the request a dump shows is the one the
 * failed attempt sent, which onError taps receive (after every beforeRequest tap, translation and
 * redaction included).
 *
 * "Finally fails" is seen through onError at stage "observe": the hook is a bail hook, so that tap
 * runs only when no earlier tap (retry, fallback) decided, which is exactly when the request fails.
 * Failures that never reach onError get no dump: an abort or a passed deadline before a call, a
 * beforeRequest tap that throws, and a retry or fallback a tap decided but the kernel then refused
 * (the wait would pass the deadline, or the request reached its attempt limit).
 */
export function createDebugDumpPlugin(environment: Partial<DebugDumpEnvironment> = {}) {
  const { fileSystem = NODE_DUMP_FILE_SYSTEM, now = Date.now } = environment;
  return definePlugin<DebugDumpOptions>({
    name: "debug-dump",
    apiVersion: 1,
    optionsSchema: DEBUG_DUMP_OPTIONS_SCHEMA,
    setup(plugin, options) {
      const records: ErrorRecords = new WeakMap();
      // The earliest stage, so each attempt's error is seen before a retry or fallback tap decides.
      plugin.hooks.onError.tap({ stage: "translate" }, (error, context) => {
        const errors = records.get(context) ?? new Map<number, LLMProviderError>();
        errors.set(context.attempt, error);
        records.set(context, errors);
        return undefined;
      });
      plugin.hooks.onError.tap({ stage: "observe" }, async (error, context, request) => {
        const failure = { error, context, request, errorsByAttempt: records.get(context) ?? new Map() };
        await dumpFailedRequest(plugin, options, { fileSystem, now }, failure);
        return undefined;
      });
    },
  });
}

async function dumpFailedRequest(
  plugin: PluginContext,
  options: DebugDumpOptions,
  environment: DebugDumpEnvironment,
  failure: Omit<DumpInput, "failedAt">,
): Promise<void> {
  const { context } = failure;
  try {
    const failedAt = environment.now();
    const document = buildDebugDump({ ...failure, failedAt }, options);
    const dump = limitDumpSize(document, options.maxBytes);
    let dumpFile: string | undefined;
    if (options.directory !== undefined) {
      const directory = path.resolve(plugin.baseDir, options.directory);
      const file = {
        directory,
        // Pattern scrubbing already ran; this removes the exact secret values the runtime knows.
        text: plugin.scrubSecrets(dump.text),
        requestId: context.requestId,
        now: failedAt,
        maxFiles: options.maxFiles,
      };
      dumpFile = await writeDumpFile(file, environment.fileSystem).catch((writeError: unknown) => {
        const code = (writeError as { code?: unknown })?.code;
        context.logger.warn(
          { plugin: "debug-dump", directory, code },
          "the debug dump file could not be written",
        );
        return undefined;
      });
    }
    context.logger.error(
      { plugin: "debug-dump", dumpFile, debugDump: dump.document },
      "request failed: debug dump",
    );
  } catch (failure) {
    const reason = failure instanceof Error ? failure.name : typeof failure;
    context.logger.warn({ plugin: "debug-dump", reason }, "the debug dump could not be made");
  }
}

export default createDebugDumpPlugin();
