import type { LLMOutput } from "../contract/output.js";
import type { CallOptions } from "../contract/request.js";
import { assertToolCallsComplete } from "./check-tool-call-arguments.js";
import { type ClientPlan, type PipelineEngine, type RequestInput, RequestRun } from "./request-run.js";

export type { ClientPlan, PipelineEngine, RequestInput } from "./request-run.js";

/**
 * The request pipeline (DESIGN.md section 4): for each target of the chain, beforeRequest, the
 * provider call, then afterResponse on success or the onError decision on failure: retry the same
 * target after an abortable wait, fall back to the next target, or fail with every attempt recorded.
 */
export async function runRequest(
  engine: PipelineEngine,
  plan: ClientPlan,
  input: RequestInput,
  options: CallOptions = {},
): Promise<LLMOutput> {
  const run = new RequestRun(engine, plan, input, options, false);
  try {
    for (;;) {
      // begin and finish return plain values when no tap is asynchronous; awaiting only a promise
      // spares the usual request two microtask turns.
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
      run.succeed(attempt);
      const final = run.finish(output);
      return final instanceof Promise ? await final : final;
    }
  } catch (error) {
    engine.scrubError(error);
    throw error;
  } finally {
    run.dispose();
  }
}
