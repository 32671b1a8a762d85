import * as path from "node:path";
import {
  type AttemptEvent,
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

/** Per request, for as long as its context lives: the last request sent and each failed call's error. */
interface FailedCalls {
  request: AttemptEvent["request"] | undefined;
  /** By position in the request's attempt list. */
  errors: Map<number, LLMProviderError>;
}

/**
 * The debug-dump plugin with its file system and clock injected (tests); the default export uses
 * node:fs and the runtime's clock (`createRuntime({ now })`). It only observes: it taps the observe hooks, so nothing it does can change
 * a request's result, and a dump that cannot be built or written is logged as a warning.
 *
 * afterAttempt keeps, per request, the request each failed call sent (after every beforeRequest
 * tap, translation and redaction included) and its error; a request that succeeds costs it a map
 * lookup. afterRequest, told once however the request ended, writes the dump when it failed: a
 * provider error, a passed deadline, the attempt limit, a hook that threw, every target skipped.
 * A caller's abort and a stream the caller stopped reading are the caller's choice, not failures,
 * and get no dump.
 */
export function createDebugDumpPlugin(environment: Partial<DebugDumpEnvironment> = {}) {
  const { fileSystem = NODE_DUMP_FILE_SYSTEM } = environment;
  return definePlugin<DebugDumpOptions>({
    name: "debug-dump",
    apiVersion: 2,
    optionsSchema: DEBUG_DUMP_OPTIONS_SCHEMA,
    setup(plugin, options) {
      const now = environment.now ?? plugin.now;
      const failedCalls = new WeakMap<RequestContext, FailedCalls>();
      plugin.hooks.afterAttempt.tap({ stage: "observe" }, ({ request, error }, context) => {
        if (error === undefined) return;
        const calls = failedCalls.get(context) ?? { request, errors: new Map() };
        calls.request = request;
        calls.errors.set(context.attempts.length - 1, error);
        failedCalls.set(context, calls);
      });
      plugin.hooks.afterRequest.tap({ stage: "observe" }, (outcome, context) => {
        const { error } = outcome;
        if (error === undefined || outcome.aborted) return undefined;
        const calls = failedCalls.get(context);
        const failure = {
          error,
          context,
          attempts: outcome.attempts,
          request: calls?.request,
          errorsByAttempt: calls?.errors ?? new Map(),
        };
        return dumpFailedRequest(plugin, options, { fileSystem, now }, failure);
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
