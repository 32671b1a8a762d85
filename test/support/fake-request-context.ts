import { pino } from "pino";
import type { RequestContext } from "../../src/contract/request.js";

/**
 * A RequestContext for calling a ProviderClient directly (without the kernel), as the kernel would
 * build it for the first attempt of a request. Log lines land in `lines`.
 */
export function fakeRequestContext(
  options: { provider?: string; model?: string; signal?: AbortSignal } = {},
): RequestContext & { lines: string[] } {
  const lines: string[] = [];
  const provider = options.provider ?? "openai";
  const model = options.model ?? "gpt-4o";
  const target = { provider, providerType: "openai", model, params: {} };
  return {
    lines,
    requestId: "req-test-1",
    client: "default",
    chain: [target],
    target,
    targetIndex: 0,
    attempt: 1,
    attemptOnTarget: 1,
    signal: options.signal ?? new AbortController().signal,
    deadline: Date.now() + 60_000,
    attempts: [],
    logger: pino({ level: "trace" }, { write: (line: string) => lines.push(line) }),
    streaming: false,
  };
}
