import type { LLMOutput } from "../../contract/output.js";
import type { CallOptions } from "../../contract/request.js";
import { assertToolCallsComplete } from "./check-tool-call-arguments.js";
import {
  type ClientPlan,
  type PipelineEngine,
  type RequestEnding,
  type RequestInput,
  RequestRun,
} from "./request-run.js";

export type { ClientPlan, PipelineEngine, RequestInput } from "./request-run.js";

/**
 * The request pipeline (docs/architecture.md): for each target of the chain, beforeAttempt,
 * beforeRequest, the provider call, afterAttempt, then afterResponse on success or the onError
 * decision on failure: retry the same target after an abortable wait, fall back to the next
 * target, or fail with every attempt recorded. afterRequest runs once, however the request ends.
 */
export async function runRequest(
  engine: PipelineEngine,
  plan: ClientPlan,
  input: RequestInput,
  options: CallOptions = {},
): Promise<LLMOutput> {
  const run = new RequestRun(engine, plan, input, options, false);
  const ending: RequestEnding = {};
  try {
    for (;;) {
      // begin, succeed and finish return plain values when no tap is asynchronous; awaiting only a
      // promise spares the usual request several microtask turns.
      const begun = run.begin();
      const attempt = begun instanceof Promise ? await begun : begun;
      let output: LLMOutput;
      try {
        output = await attempt.provider.generate(attempt.request, run.context);
        assertToolCallsComplete(output, run.context.target);
      } catch (thrown) {
        await run.fail(thrown, attempt);
        continue;
      }
      const told = run.succeed(attempt);
      if (told !== undefined) await told;
      const final = run.finish(output);
      ending.output = final instanceof Promise ? await final : final;
      return ending.output;
    }
  } catch (error) {
    engine.scrubError(error);
    ending.error = error;
    throw error;
  } finally {
    run.dispose();
    const ended = run.end(ending);
    if (ended !== undefined) await ended;
  }
}
