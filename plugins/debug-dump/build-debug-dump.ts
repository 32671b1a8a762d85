import type {
  AttemptEvent,
  AttemptRecord,
  LLMError,
  LLMProviderError,
  RequestContext,
} from "../../src/index.js";
import { redactDumpMessage } from "./redact-dump-prompts.js";
import { redactDumpPaths, scrubDumpValue } from "./scrub-dump-secrets.js";

/** Names the document format, so a reader can tell a dump from other JSON. */
export const DUMP_KIND = "llm-runtime.debug-dump";
export const DUMP_VERSION = 1;

/** Everything a dump is made from, gathered by the plugin's taps. */
export interface DumpInput {
  /** The last request a failed call sent (after every beforeRequest tap), if one was made. */
  request: AttemptEvent["request"] | undefined;
  context: RequestContext;
  /** Every attempt of the request, skipped ones included, in order. */
  attempts: readonly AttemptRecord[];
  /** The error the request fails with. */
  error: LLMError;
  /** The error of each failed call, by position in `attempts`. */
  errorsByAttempt: ReadonlyMap<number, LLMProviderError>;
  /** When the request failed, epoch milliseconds. */
  failedAt: number;
}

export interface DumpSettings {
  dumpPrompts: boolean;
  redactPaths: readonly string[];
}

/** The error fields a dump keeps: never the cause, which may hold raw provider text. */
export function summarizeDumpError(failure: LLMError): Record<string, unknown> {
  // A hook's or the config's error has no provider fields; they are left out of the JSON then.
  const error = failure as Partial<LLMProviderError> & LLMError;
  return {
    class: error.name,
    code: error.code,
    status: error.status,
    message: error.message,
    provider: error.provider,
    model: error.model,
    providerCode: error.providerCode,
    providerRequestId: error.requestId,
    retryable: error.retryable,
    retryAfterMs: error.retryAfterMs,
  };
}

function dumpAttempts(input: DumpInput): Record<string, unknown>[] {
  return input.attempts.map((record, index) => {
    const attempt: Record<string, unknown> = { ...record };
    const error = input.errorsByAttempt.get(index);
    if (error) attempt.error = summarizeDumpError(error);
    return attempt;
  });
}

function dumpRequest(request: DumpInput["request"], dumpPrompts: boolean): Record<string, unknown> | null {
  if (!request) return null;
  return {
    provider: request.provider,
    model: request.model,
    params: request.params,
    toolChoice: request.toolChoice,
    tools: request.tools,
    messages: (request.messages ?? []).map((message) => redactDumpMessage(message, dumpPrompts)),
  };
}

/**
 * The dump document of a failed request: a fresh JSON-safe object holding no credential (see
 * `scrubDumpValue`), with the configured paths redacted. Provider config is never read, so API
 * keys and base URLs cannot enter it except through text, which is scrubbed.
 */
export function buildDebugDump(input: DumpInput, settings: DumpSettings): Record<string, unknown> {
  const { context } = input;
  const document = {
    kind: DUMP_KIND,
    version: DUMP_VERSION,
    requestId: context.requestId,
    client: context.client,
    failedAt: new Date(input.failedAt).toISOString(),
    streaming: context.streaming,
    chain: context.chain.map(({ provider, providerType, model, params }) => ({
      provider,
      providerType,
      model,
      params,
    })),
    failedTarget: { ...context.target, targetIndex: context.targetIndex },
    request: dumpRequest(input.request, settings.dumpPrompts),
    attempts: dumpAttempts(input),
    error: summarizeDumpError(input.error),
    redaction: { prompts: settings.dumpPrompts ? "included" : "omitted", paths: settings.redactPaths },
  };
  const scrubbed = scrubDumpValue(document) as Record<string, unknown>;
  redactDumpPaths(scrubbed, settings.redactPaths);
  return scrubbed;
}
