import type { LLMOutput } from "../contract/output.js";
import type { CallOptions } from "../contract/request.js";
import type { StreamEvent } from "../contract/stream.js";
import { LLMProviderError } from "../errors/provider-errors.js";
import { PartialOutputAssembler } from "./assemble-partial-output.js";
import { assertToolCallsComplete } from "./check-tool-call-arguments.js";
import {
  type Attempt,
  type ClientPlan,
  type PipelineEngine,
  type RequestInput,
  RequestRun,
} from "./request-run.js";
import { streamFromOutput } from "./stream-from-output.js";

function endedEarly(attempt: Attempt): LLMProviderError {
  return new LLMProviderError("connection", "the stream ended before the provider's final event", {
    provider: attempt.request.provider,
    model: attempt.request.model,
    fix: "retry; the connection was cut before the reply was complete",
  });
}

/**
 * Streams one attempt's events to the caller as they come, with no buffering. The provider's own
 * `tool-call-end`, `usage` and `finish` are held back: the kernel emits them from the final output
 * after afterResponse, so the IDs and usage the caller sees last are the hooked ones.
 */
async function* streamAttempt(
  attempt: Attempt,
  run: RequestRun,
  partial: PartialOutputAssembler,
  idleTimeoutMs: number,
): AsyncGenerator<StreamEvent, LLMOutput> {
  const { provider, request } = attempt;
  if (!provider.stream) {
    const output = await provider.generate(request, run.context);
    assertToolCallsComplete(output, run.context.target);
    return output;
  }
  const iterator = provider.stream(request, run.context)[Symbol.asyncIterator]();
  let finished = false;
  run.scope.watchIdle(idleTimeoutMs);
  try {
    for (;;) {
      const step = await iterator.next();
      run.scope.touch();
      if (step.done) throw endedEarly(attempt);
      const event = step.value;
      if (event.type === "finish") {
        finished = true;
        assertToolCallsComplete(event.output, run.context.target);
        return event.output;
      }
      if (event.type === "tool-call-end" || event.type === "usage") continue;
      partial.add(event);
      yield event;
    }
  } finally {
    run.scope.unwatchIdle();
    // Closes the provider's HTTP stream when the caller stopped early or the attempt failed.
    if (!finished) await iterator.return?.(undefined);
  }
}

/** The streaming pipeline: retry and fallback act only while nothing has reached the caller. */
export async function* runStream(
  engine: PipelineEngine,
  plan: ClientPlan,
  input: RequestInput,
  options: CallOptions = {},
): AsyncGenerator<StreamEvent> {
  const run = new RequestRun(engine, plan, input, options, true);
  const idleTimeoutMs = options.idleTimeoutMs ?? plan.idleTimeoutMs;
  try {
    for (;;) {
      const attempt = await run.begin();
      const partial = new PartialOutputAssembler();
      let output: LLMOutput;
      try {
        output = yield* streamAttempt(attempt, run, partial, idleTimeoutMs);
      } catch (thrown) {
        if (!partial.delivered) {
          await run.fail(thrown, attempt);
          continue;
        }
        // Something reached the caller: restarting would duplicate it, so the stream ends here.
        const error = await run.fail(thrown, attempt, false).catch((final: LLMProviderError) => final);
        error.partialOutput = partial.snapshot();
        throw error;
      }
      run.succeed(attempt);
      const final = await run.finish(output);
      // A provider that cannot stream delivered nothing yet: its whole answer goes out as events.
      for (const event of streamFromOutput(final, attempt.provider.stream !== undefined)) yield event;
      return;
    }
  } catch (error) {
    engine.scrubError(error);
    throw error;
  } finally {
    run.dispose();
  }
}
