import type { Logger } from "pino";
import type { ChatMessage } from "../contract/messages.js";
import type { AttemptRecord, LLMOutput } from "../contract/output.js";
import type { ProviderClient } from "../contract/provider.js";
import type { CallOptions, LLMRequest, Target } from "../contract/request.js";
import type { ToolChoice, ToolDefinition } from "../contract/tools.js";
import { ConfigError, HookError } from "../errors/loading-errors.js";
import type { LLMProviderError } from "../errors/provider-errors.js";
import { AttemptStop, defaultAttemptLimitMs } from "./attempt-stop.js";
import { type ErrorDecision, type KernelHooks, runWaterfall } from "./hooks.js";
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
  /** Longest silence between two stream chunks, in milliseconds. */
  readonly idleTimeoutMs: number;
  /**
   * Per chain position: whether an attempt there gets the default per-attempt limit (its
   * provider instance sets no `timeoutMs` and a fallback follows it; see AttemptStop).
   */
  readonly limitedTargets?: readonly boolean[];
}

export interface RequestInput {
  messages: ChatMessage[];
  tools?: ToolDefinition[];
  toolChoice?: ToolChoice;
}

/** One provider call about to be made. */
export interface Attempt {
  request: LLMRequest;
  provider: ProviderClient;
  record: AttemptRecord;
  startedAt: number;
  /** The attempt's own stop, when it has the default per-attempt limit. */
  stop?: AttemptStop;
}

const FAIL: ErrorDecision = { action: "fail" };

/** From this attempt on, fetch's abort listeners (one per call) near an AbortSignal's default limit of 10. */
const MANY_ATTEMPTS = 8;

/**
 * The request with its own copy of the message list and of each message, made before the first
 * beforeRequest tap that did not declare itself read-only: such a tap may edit in place instead of
 * returning a new request, and must not reach into the caller's stored history.
 */
function withOwnMessages(request: LLMRequest): LLMRequest {
  return { ...request, messages: request.messages.map((message) => ({ ...message })) };
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

/**
 * The state of one request as it moves along its chain (DESIGN.md section 4), shared by the
 * non-streaming and the streaming pipelines: beforeRequest and the attempt record before each
 * provider call, the onError decision after a failure, afterResponse after a success.
 */
export class RequestRun {
  readonly scope: RequestScope;
  readonly context: KernelRequestContext;
  private readonly errors: LLMProviderError[] = [];
  /** Rejects the hook call in progress, if any, when the request stops. */
  private rejectHook: ((error: unknown) => void) | undefined;
  private watchingStop = false;

  constructor(
    private readonly engine: PipelineEngine,
    private readonly plan: ClientPlan,
    private readonly input: RequestInput,
    options: CallOptions,
    streaming: boolean,
  ) {
    this.scope = new RequestScope(options.signal, options.timeoutMs ?? plan.timeoutMs, engine.now());
    this.context = new KernelRequestContext(
      plan.name,
      plan.chain,
      this.scope,
      this.scope.deadline,
      streaming,
      engine.logger,
    );
  }

  /**
   * Starts the next attempt on the current target; throws the final error if the request has
   * stopped. Returns the attempt itself when every beforeRequest tap returned at once (the usual
   * case), and a promise only when one returned a promise.
   */
  begin(): Attempt | Promise<Attempt> {
    const { context, scope, engine } = this;
    if (scope.stopped) throw this.stopError();
    context.attempt += 1;
    context.attemptOnTarget += 1;
    if (context.attempt === MANY_ATTEMPTS) scope.allowManyListeners();
    const target = context.target;
    const request = buildRequest(this.input, target);
    if (!engine.hooks.beforeRequest.isUsed()) return this.startAttempt(request);
    const sent = runWaterfall(engine.hooks.beforeRequest, request, context, withOwnMessages);
    if (sent instanceof Promise) return this.untilStopped(sent).then((hooked) => this.startAttempt(hooked));
    return this.startAttempt(this.unlessStopped(sent));
  }

  /** The attempt record and the provider for the request beforeRequest settled on. */
  private startAttempt(request: LLMRequest): Attempt {
    const { context, engine } = this;
    const target = context.target;
    const provider = engine.providers.get(target.provider);
    if (!provider) {
      throw new ConfigError(`provider instance "${target.provider}" was not built`, {
        pointer: `/providers/${target.provider}`,
        fix: 'define the provider under "providers" and load the plugin that registers its type',
      });
    }
    const record: AttemptRecord = {
      provider: target.provider,
      model: target.model,
      targetIndex: context.targetIndex,
      attempt: context.attemptOnTarget,
      outcome: "success",
      durationMs: 0,
    };
    context.attempts.push(record);
    const startedAt = engine.now();
    const stop = this.limitAttempt(startedAt);
    return stop ? { request, provider, record, startedAt, stop } : { request, provider, record, startedAt };
  }

  /** The attempt's own stop when its target gets the default per-attempt limit; set on the context. */
  private limitAttempt(now: number): AttemptStop | undefined {
    const { context, plan, scope } = this;
    if (plan.limitedTargets?.[context.targetIndex] !== true) return undefined;
    const targetsLeft = context.chain.length - context.targetIndex;
    const limitMs = defaultAttemptLimitMs(scope.deadline - now, targetsLeft);
    if (limitMs === undefined) return undefined;
    const stop = new AttemptStop(scope.sdkSignal as unknown as AbortSignal, limitMs);
    context.attemptStop = stop;
    return stop;
  }

  /** Ends the attempt's own stop, if it has one; the context's signals are the request's again. */
  private endAttempt(attempt: Attempt): void {
    if (attempt.stop === undefined) return;
    attempt.stop.release();
    if (this.context.attemptStop === attempt.stop) this.context.attemptStop = undefined;
  }

  succeed(attempt: Attempt): void {
    this.endAttempt(attempt);
    attempt.record.durationMs = this.engine.now() - attempt.startedAt;
    this.log(attempt.record);
  }

  /**
   * Records a failed call; resolves when a retry or fallback was decided, else throws the final
   * error. With `mayContinue` false (a stream that already delivered something) no decision is
   * asked for and this call's own failure is the final error, whatever earlier attempts failed with.
   */
  async fail(thrown: unknown, attempt: Attempt, mayContinue = true): Promise<LLMProviderError> {
    const { record } = attempt;
    record.durationMs = this.engine.now() - attempt.startedAt;
    this.endAttempt(attempt);
    const { provider, model } = this.context.target;
    const error =
      attempt.stop?.timedOut && !this.scope.stopped
        ? attempt.stop.timeoutError(provider, model, this.context.streaming)
        : toProviderError(thrown, this.context.target, this.scope);
    record.outcome = "error";
    record.errorClass = error.name;
    record.errorCode = error.code;
    if (error.status !== undefined) record.status = error.status;
    this.log(record);
    const decision = mayContinue ? await this.decide(error, attempt.request) : FAIL;
    if (!(await this.apply(decision, record))) {
      record.decision = "fail";
      throw this.finalError(error, this.scope.stopped || !mayContinue ? error : undefined);
    }
    return error;
  }

  /** The output afterResponse settled on: itself when every tap returned at once, else a promise. */
  finish(output: LLMOutput): LLMOutput | Promise<LLMOutput> {
    const { context, engine } = this;
    output.provider ||= context.target.provider;
    output.model ||= context.target.model;
    output.attempts = context.attempts;
    if (!engine.hooks.afterResponse.isUsed()) return output;
    const returned = runWaterfall(engine.hooks.afterResponse, output, context);
    if (returned instanceof Promise)
      return this.untilStopped(returned).then((final) => this.withAttempts(final));
    return this.withAttempts(this.unlessStopped(returned));
  }

  /** A tap may return a new output: it carries the request's attempt list all the same. */
  private withAttempts(output: LLMOutput): LLMOutput {
    output.attempts = this.context.attempts;
    return output;
  }

  dispose(): void {
    this.context.attemptStop?.release();
    this.context.attemptStop = undefined;
    this.scope.dispose();
  }

  /**
   * A hook call, bounded by the request: a tap that never settles (RELIABILITY K3) cannot outlive
   * the deadline or the caller's abort. Hook calls of a request never overlap, so one slot holds
   * the pending call's reject, and the scope's stop handler (set once) empties it.
   */
  private untilStopped<T>(pending: Promise<T>): Promise<T> {
    if (this.scope.stopped) return Promise.reject(this.stopError());
    // Set on the first asynchronous hook call only: most requests never make one.
    if (!this.watchingStop) {
      this.watchingStop = true;
      this.scope.onStop(() => this.rejectHook?.(this.stopError()));
    }
    return new Promise<T>((resolve, reject) => {
      this.rejectHook = reject;
      const settle = () => {
        if (this.rejectHook === reject) this.rejectHook = undefined;
      };
      pending.then(
        (value) => {
          settle();
          resolve(value);
        },
        (error: unknown) => {
          settle();
          reject(error);
        },
      );
    });
  }

  /**
   * The result of hook taps that all returned at once, unless one of them stopped the request
   * (aborted the caller's signal), as the bound of an asynchronous hook call would report.
   */
  private unlessStopped<T>(value: T): T {
    if (this.scope.stopped) throw this.stopError();
    return value;
  }

  private stopError(): LLMProviderError {
    const { provider, model } = this.context.target;
    const stopped = this.scope.stoppedError(provider, model);
    return this.finalError(stopped, stopped);
  }

  private finalError(last: LLMProviderError, stopped?: LLMProviderError): LLMProviderError {
    if (!this.errors.includes(last)) this.errors.push(last);
    return selectFinalError(this.errors, this.context.attempts, stopped);
  }

  private async decide(error: LLMProviderError, request: LLMRequest): Promise<ErrorDecision> {
    this.errors.push(error);
    const { hooks } = this.engine;
    if (error.code === "aborted" || !hooks.onError.isUsed()) return FAIL;
    try {
      return (await this.untilStopped(hooks.onError.promise(error, this.context, request))) ?? FAIL;
    } catch (thrown) {
      // Keep the provider error being decided on as the cause: it is what actually went wrong.
      if (thrown instanceof HookError) throw new HookError("onError", thrown.plugin, thrown.cause, error);
      throw thrown;
    }
  }

  /** Carries out a retry or fallback decision; false means the request fails here. */
  private async apply(decision: ErrorDecision, record: AttemptRecord): Promise<boolean> {
    const { context, scope, engine } = this;
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

  private log(record: AttemptRecord): void {
    const { logger } = this.engine;
    if (!logger.isLevelEnabled("debug")) return;
    logger.debug(
      { requestId: this.context.requestId, client: this.context.client, ...record },
      "provider call finished",
    );
  }
}
