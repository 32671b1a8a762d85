import type { Logger } from "pino";
import type { ChatMessage } from "../contract/messages.js";
import type { AttemptRecord, LLMOutput } from "../contract/output.js";
import type { ProviderClient } from "../contract/provider.js";
import type { CallOptions, LLMRequest, Target } from "../contract/request.js";
import type { ToolChoice, ToolDefinition } from "../contract/tools.js";
import { ConfigError, HookError } from "../errors/loading-errors.js";
import type { LLMProviderError } from "../errors/provider-errors.js";
import type { ErrorDecision, KernelHooks } from "./hooks.js";
import { KernelRequestContext } from "./request-context.js";
import { RequestScope } from "./request-scope.js";
import { selectFinalError } from "./select-final-error.js";
import { toProviderError } from "./to-provider-error.js";

/** What the pipeline needs from the runtime; built once at load time. */
export interface PipelineEngine {
  readonly hooks: KernelHooks;
  readonly providers: ReadonlyMap<string, ProviderClient>;
  readonly logger: Logger;
  /** Upper bound on provider calls per request, whatever the onError taps decide. */
  readonly maxAttempts: number;
  /** Value-based secret scrubbing of an error and its causes, in place. */
  readonly scrubError: (error: unknown) => void;
  readonly now: () => number;
}

export interface ClientPlan {
  readonly name: string;
  readonly chain: readonly Target[];
  readonly timeoutMs: number;
}

export interface RequestInput {
  messages: ChatMessage[];
  tools?: ToolDefinition[];
  toolChoice?: ToolChoice;
}

const FAIL: ErrorDecision = { action: "fail" };

async function decide(engine: PipelineEngine, error: LLMProviderError, context: KernelRequestContext) {
  if (error.code === "aborted" || !engine.hooks.onError.isUsed()) return FAIL;
  try {
    return (await engine.hooks.onError.promise(error, context)) ?? FAIL;
  } catch (thrown) {
    // Keep the provider error being decided on as the cause: it is what actually went wrong.
    if (thrown instanceof HookError) throw new HookError("onError", thrown.plugin, thrown.cause, error);
    throw thrown;
  }
}

function buildRequest(input: RequestInput, target: Target): LLMRequest {
  const request: LLMRequest = {
    provider: target.provider,
    model: target.model,
    messages: input.messages,
    params: target.params,
  };
  if (input.tools !== undefined) request.tools = input.tools;
  if (input.toolChoice !== undefined) request.toolChoice = input.toolChoice;
  return request;
}

function providerFor(engine: PipelineEngine, target: Target): ProviderClient {
  const provider = engine.providers.get(target.provider);
  if (provider) return provider;
  throw new ConfigError(`provider instance "${target.provider}" was not built`, {
    pointer: `/providers/${target.provider}`,
    fix: 'define the provider under "providers" and load the plugin that registers its type',
  });
}

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
  const scope = new RequestScope(options.signal, options.timeoutMs ?? plan.timeoutMs, engine.now());
  const context = new KernelRequestContext(
    plan.name,
    plan.chain,
    scope.signal,
    scope.deadline,
    false,
    engine.logger,
  );
  const errors: LLMProviderError[] = [];
  try {
    for (;;) {
      if (scope.signal.aborted) {
        const stopped = scope.stoppedError(context.target.provider, context.target.model);
        throw selectFinalError([...errors, stopped], context.attempts, stopped);
      }
      context.attempt += 1;
      context.attemptOnTarget += 1;
      const target = context.target;
      let request = buildRequest(input, target);
      if (engine.hooks.beforeRequest.isUsed())
        request = await engine.hooks.beforeRequest.promise(request, context);
      const provider = providerFor(engine, target);
      const startedAt = engine.now();
      const record: AttemptRecord = {
        provider: target.provider,
        model: target.model,
        targetIndex: context.targetIndex,
        attempt: context.attemptOnTarget,
        outcome: "success",
        durationMs: 0,
      };
      context.attempts.push(record);
      let output: LLMOutput;
      try {
        output = await provider.generate(request, context);
        record.durationMs = engine.now() - startedAt;
      } catch (thrown) {
        record.durationMs = engine.now() - startedAt;
        const error = toProviderError(thrown, target, scope);
        Object.assign(record, { outcome: "error", errorClass: error.name, errorCode: error.code });
        if (error.status !== undefined) record.status = error.status;
        errors.push(error);
        const decision = await decide(engine, error, context);
        if (!(await applyDecision(decision, record, context, scope, engine))) {
          record.decision = "fail";
          throw selectFinalError(errors, context.attempts, scope.signal.aborted ? error : undefined);
        }
        continue;
      }
      return await finishOutput(engine, output, context);
    }
  } catch (error) {
    engine.scrubError(error);
    throw error;
  } finally {
    scope.dispose();
  }
}

/** Carries out a retry or fallback decision; false means the request fails here. */
async function applyDecision(
  decision: ErrorDecision,
  record: AttemptRecord,
  context: KernelRequestContext,
  scope: RequestScope,
  engine: PipelineEngine,
): Promise<boolean> {
  if (context.attempt >= engine.maxAttempts) return false;
  if (decision.action === "retry") {
    const delayMs = Math.max(0, Number.isFinite(decision.delayMs) ? decision.delayMs : 0);
    // Never wait past the deadline: failing now lets the caller act sooner than a doomed wait would.
    if (engine.now() + delayMs >= scope.deadline) return false;
    record.decision = "retry";
    record.delayMs = delayMs;
    if (delayMs > 0) await scope.sleep(delayMs).catch(() => undefined);
    return true;
  }
  if (decision.action === "fallback" && context.targetIndex + 1 < context.chain.length) {
    record.decision = "fallback";
    context.moveToTarget(context.targetIndex + 1);
    return true;
  }
  return false;
}

async function finishOutput(engine: PipelineEngine, output: LLMOutput, context: KernelRequestContext) {
  output.provider ||= context.target.provider;
  output.model ||= context.target.model;
  output.attempts = context.attempts;
  if (!engine.hooks.afterResponse.isUsed()) return output;
  const final = await engine.hooks.afterResponse.promise(output, context);
  final.attempts = context.attempts;
  return final;
}
