import type { LLMOutput } from "../../contract/output.js";
import type { CallOptions } from "../../contract/request.js";
import type { StreamEvent } from "../../contract/stream.js";
import { LLMProviderError } from "../../errors/provider-errors.js";
import { PartialOutputAssembler } from "./assemble-partial-output.js";
import { checkCallOptions } from "./check-call-options.js";
import { assertOutputShape } from "./check-provider-output.js";
import { checkRequestInput } from "./check-request-input.js";
import { assertToolCallsComplete } from "./check-tool-call-arguments.js";
import {
  type Attempt,
  type ClientPlan,
  type PipelineEngine,
  type RequestEnding,
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
 * The streaming pipeline: each attempt's deltas go to the caller as the provider yields them, with
 * no buffering, in one generator (every nested generator would cost each chunk a promise hop).
 * Retry and fallback act only while nothing has reached the caller. The provider's own
 * `tool-call-end`, `usage` and `finish` are held back: the kernel emits them from the final output
 * after afterResponse, so the IDs and usage the caller sees last are the hooked ones. Every event
 * the caller receives goes through streamEvent first; afterRequest runs once, however it ends
 * (a consumer's `break` included).
 */
export async function* runStream(
  engine: PipelineEngine,
  plan: ClientPlan,
  input: RequestInput,
  options: CallOptions = {},
): AsyncGenerator<StreamEvent> {
  checkRequestInput(input.messages, input.tools, input.toolChoice, plan.chain[0]);
  checkCallOptions(options, plan.chain[0]);
  const run = new RequestRun(engine, plan, input, options, true);
  const idleTimeoutMs = options.idleTimeoutMs ?? plan.idleTimeoutMs;
  // Until the request ends with an output or an error, it is the caller who left (`break`).
  const ending: RequestEnding = { leftEarly: true };
  let attempt: Attempt | undefined;
  try {
    for (;;) {
      // As in runRequest: awaiting only a promise spares the usual stream a microtask turn.
      const begun = run.begin();
      attempt = begun instanceof Promise ? await begun : begun;
      const { provider, request } = attempt;
      const partial = new PartialOutputAssembler();
      let output: LLMOutput | undefined;
      let iterator: AsyncIterator<StreamEvent> | undefined;
      try {
        if (!provider.stream) {
          output = await provider.generate(request, run.context);
        } else {
          iterator = provider.stream(request, run.context)[Symbol.asyncIterator]();
          run.scope.watchIdle(idleTimeoutMs);
          while (output === undefined) {
            const step = await iterator.next();
            run.scope.touch();
            // The first event came: a default per-attempt limit bounded only the wait for it.
            attempt.stop?.settle();
            if (step.done) throw endedEarly(attempt);
            const event = step.value;
            if (event.type === "finish") {
              // A finish without an output would otherwise read as a stream that never finished.
              assertOutputShape(event.output, run.context.target);
              output = event.output;
            } else if (event.type !== "tool-call-end" && event.type !== "usage") {
              // From here a retry would repeat what the caller (or a tap holding it back) has seen.
              partial.delivered = true;
              const hooked = run.hookEvent(event);
              for (const each of hooked instanceof Promise ? await hooked : hooked) {
                partial.add(each);
                yield each;
              }
            }
          }
        }
        assertToolCallsComplete(output, run.context.target);
      } catch (thrown) {
        await closeUnfinished(run, iterator, output);
        if (!partial.delivered) {
          await run.fail(thrown, attempt);
          continue;
        }
        // Something reached the caller: restarting would duplicate it, so the stream ends here.
        const error = await run.fail(thrown, attempt, false).catch((final: LLMProviderError) => final);
        error.partialOutput = partial.snapshot();
        // Retrying would send the caller a second copy of what it already has: whoever retries
        // must start from partialOutput, so the error does not call itself retryable.
        (error as { retryable: boolean }).retryable = false;
        throw error;
      } finally {
        // Also runs when the caller breaks out of its loop: the provider's HTTP stream is closed.
        await closeUnfinished(run, iterator, output);
      }
      const told = run.succeed(attempt);
      if (told !== undefined) await told;
      const final = await run.finish(output);
      // A provider that cannot stream delivered nothing yet: its whole answer goes out as events.
      for (const event of streamFromOutput(final, provider.stream !== undefined)) {
        const hooked = run.hookEvent(event);
        for (const each of hooked instanceof Promise ? await hooked : hooked) yield each;
      }
      ending.leftEarly = false;
      ending.output = final;
      return;
    }
  } catch (error) {
    engine.scrubError(error);
    ending.leftEarly = false;
    ending.error = error;
    throw error;
  } finally {
    // The caller broke off mid-attempt: that attempt ended too, and observers hear of it.
    if (attempt !== undefined && ending.leftEarly) {
      const told = run.abandon(attempt);
      if (told !== undefined) await told;
    }
    run.dispose();
    const ended = run.end(ending);
    if (ended !== undefined) await ended;
  }
}

/** Stops the idle watch, and closes a provider stream that did not reach its final event. */
async function closeUnfinished(
  run: RequestRun,
  iterator: AsyncIterator<StreamEvent> | undefined,
  output: LLMOutput | undefined,
): Promise<void> {
  run.scope.unwatchIdle();
  if (iterator && output === undefined) await iterator.return?.(undefined);
}
