import type { Logger } from "pino";
import type { RequestContext, Target } from "../../src/index.js";

/**
 * A RequestContext as the kernel hands one to a provider, with a fresh signal per call: for the
 * "provider plugin alone" side, which calls the plugin's ProviderClient without the kernel.
 */
export function directContext(target: Target, logger: Logger, streaming: boolean): RequestContext {
  return {
    requestId: "bench",
    client: target.provider,
    chain: [target],
    target,
    targetIndex: 0,
    attempt: 1,
    attemptOnTarget: 1,
    signal: new AbortController().signal,
    deadline: Date.now() + 600_000,
    attempts: [],
    logger,
    streaming,
  };
}
