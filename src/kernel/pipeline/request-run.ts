import type { Logger } from "pino";
import type { ChatMessage } from "../../contract/messages.js";
import type { AttemptRecord, LLMOutput } from "../../contract/output.js";
import type { ProviderClient } from "../../contract/provider.js";
import type { CallOptions, LLMRequest, Target } from "../../contract/request.js";
import type { StreamEvent } from "../../contract/stream.js";
import type { ToolChoice, ToolDefinition } from "../../contract/tools.js";
import type { LLMError } from "../../errors/llm-error.js";
import { ConfigError, HookError } from "../../errors/loading-errors.js";
import { AbortError, type LLMProviderError, ProviderUnavailableError } from "../../errors/provider-errors.js";
import { runBail, runEventWaterfall, runObserve, runWaterfall } from "../hooks/hook-engine.js";
import type {
  AttemptEvent,
  ErrorDecision,
  KernelHooks,
  RequestOutcome,
  SkipDecision,
} from "../hooks/hooks.js";
import { AttemptStop, defaultAttemptLimitMs } from "./attempt-stop.js";
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
  /** An injected wait for retries (createRuntime's `sleep`); undefined: the scope's own timer. */
  readonly sleep?: (ms: number) => Promise<void>;
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
  /** Set once the call has ended and afterAttempt was told. */
  ended: boolean;
  /** The attempt's own stop, when it has the default per-attempt limit. */
  stop?: AttemptStop;
}

/** How a request ended, as the pipeline knows it; RequestRun.end adds the rest of the outcome. */
export interface RequestEnding {
  output?: LLMOutput;
  error?: unknown;
  /** The caller stopped reading a stream before its end. */
  leftEarly?: boolean;
}

const FAIL: ErrorDecision = { action: "fail" };

/**
 * A copy of a record for observers: what a tap changes in it never reaches the kernel's own. Not
 * frozen: Object.freeze on a spread copy sends V8 down a slow path (2-5 µs a call on Node 20).
 */
const copyRecord = (record: AttemptRecord): AttemptRecord => ({ ...record });

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

/**
 * The request for one target: the call's `params` merged over the target's (client < fallback
 * entry < call, key by key), and likewise the call's `providerParams` of the target's type.
 */
function buildRequest(input: RequestInput, target: Target, options: CallOptions): LLMRequest {
  const request: LLMRequest = {
    provider: target.provider,
    model: target.model,
    messages: input.messages,
    params: options.params ? { ...target.params, ...options.params } : target.params,
  };
  const callProviderParams = options.providerParams?.[target.providerType];
  const providerParams = callProviderParams
    ? { ...target.providerParams, ...callProviderParams }
    : target.providerParams;
  if (providerParams !== undefined) request.providerParams = providerParams;
  if (input.tools !== undefined) request.tools = input.tools;
  if (input.toolChoice !== undefined) request.toolChoice = input.toolChoice;
  return request;
}

/**
 * The state of one request as it moves along its chain (docs/architecture.md, "Request
 * lifecycle"), shared by the non-streaming and the streaming pipelines: beforeAttempt, then
 * beforeRequest and the attempt record before each provider call; afterAttempt when the call
 * ends; the onError decision after a failure, afterResponse after a success; afterRequest once.
 */
export class RequestRun {
  readonly scope: RequestScope;
  readonly context: KernelRequestContext;
  private readonly errors: LLMProviderError[] = [];
  /** Rejects the hook call in progress, if any, when the request stops. */
  private rejectHook: ((error: unknown) => void) | undefined;
  private watchingStop = false;
  private readonly startedAt: number;
  private endedOnce = false;

  constructor(
    private readonly engine: PipelineEngine,
    private readonly plan: ClientPlan,
    private readonly input: RequestInput,
    private readonly options: CallOptions,
    streaming: boolean,
  ) {
    this.startedAt = engine.now();
    this.scope = new RequestScope(
      options.signal,
      options.timeoutMs ?? plan.timeoutMs,
      this.startedAt,
      engine.sleep,
    );
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
   * Starts the next attempt: asks beforeAttempt whether the current target may be called (a skip
   * moves on to the next target, and fails the request once none is left), then runs beforeRequest.
   * Throws the final error if the request has stopped. Returns the attempt itself when every tap
   * returned at once (the usual case), and a promise only when one returned a promise.
   */
  begin(): Attempt | Promise<Attempt> {
    const { context, scope, engine } = this;
    if (scope.stopped) throw this.stopError();
    if (!engine.hooks.beforeAttempt.isUsed()) return this.open();
    const gate = runBail<SkipDecision>(engine.hooks.beforeAttempt, context.target, context);
    if (gate instanceof Promise) {
      return this.untilStopped(gate).then((skip) => (skip === undefined ? this.open() : this.skip(skip)));
    }
    return gate === undefined ? this.open() : this.skip(this.unlessStopped(gate));
  }

  /**
   * Records a skipped target (no provider call, not counted against the attempt limit) and moves to
   * the next one; when none is left, the request fails now with ProviderUnavailableError.
   */
  private skip(decision: SkipDecision): Attempt | Promise<Attempt> {
    const { context, engine } = this;
    const record: AttemptRecord = {
      provider: context.target.provider,
      model: context.target.model,
      targetIndex: context.targetIndex,
      attempt: context.attemptOnTarget + 1,
      outcome: "skipped",
      skipReason: decision.reason,
      startedAt: engine.now(),
      durationMs: 0,
    };
    if (decision.untilMs !== undefined) record.skippedUntil = decision.untilMs;
    context.attempts.push(record);
    this.log(record);
    if (context.targetIndex + 1 < context.chain.length) {
      context.moveToTarget(context.targetIndex + 1);
      return this.begin();
    }
    const error = this.everyTargetSkipped();
    throw this.finalError(error, error);
  }

  /** The error of a request whose remaining targets were all skipped: when to come back, if known. */
  private everyTargetSkipped(): ProviderUnavailableError {
    const { attempts, target } = this.context;
    const skipped: AttemptRecord[] = [];
    for (let index = attempts.length - 1; index >= 0 && attempts[index].outcome === "skipped"; index--) {
      skipped.unshift(attempts[index]);
    }
    const until = skipped.flatMap((record) =>
      record.skippedUntil === undefined ? [] : [record.skippedUntil],
    );
    const retryAfterMs = until.length === 0 ? undefined : Math.max(0, Math.min(...until) - this.engine.now());
    const reasons = skipped.map((record) => `${record.provider} (${record.skipReason})`).join(", ");
    return new ProviderUnavailableError(`every remaining target was skipped: ${reasons}`, {
      provider: target.provider,
      model: target.model,
      retryAfterMs,
      fix: "wait retryAfterMs before calling again, or add a fallback target that is not held back",
    });
  }

  /** Counts the attempt and runs beforeRequest for it. */
  private open(): Attempt | Promise<Attempt> {
    const { context, engine } = this;
    context.attempt += 1;
    context.attemptOnTarget += 1;
    if (context.attempt === MANY_ATTEMPTS) this.scope.allowManyListeners();
    const target = context.target;
    const request = buildRequest(this.input, target, this.options);
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
      startedAt: engine.now(),
      durationMs: 0,
    };
    context.attempts.push(record);
    const stop = this.limitAttempt(record.startedAt);
    return stop
      ? { request, provider, record, ended: false, stop }
      : { request, provider, record, ended: false };
  }

  /** The attempt's own stop when its target gets the default per-attempt limit; set on the context. */
  private limitAttempt(now: number): AttemptStop | undefined {
    const { context, plan, scope } = this;
    if (plan.limitedTargets?.[context.targetIndex] !== true) return undefined;
    const targetsLeft = context.chain.length - context.targetIndex;
    const limitMs = defaultAttemptLimitMs(scope.deadline - now, targetsLeft);
    if (limitMs === undefined) return undefined;
    const stop = new AttemptStop(scope.signal, limitMs);
    context.attemptStop = stop;
    return stop;
  }

  /** Ends the attempt's own stop, if it has one; the context's signals are the request's again. */
  private endAttemptStop(attempt: Attempt): void {
    if (attempt.stop === undefined) return;
    attempt.stop.release();
    if (this.context.attemptStop === attempt.stop) this.context.attemptStop = undefined;
  }

  /** Records a successful call; a promise only when an afterAttempt tap returned one. */
  succeed(attempt: Attempt): undefined | Promise<void> {
    this.endAttemptStop(attempt);
    attempt.record.durationMs = this.engine.now() - attempt.record.startedAt;
    this.log(attempt.record);
    return this.attemptEnded(attempt);
  }

  /**
   * Records a stream attempt the caller stopped reading before its end: an `aborted` error outcome
   * for observers (a circuit breaker must not count it against the provider); nobody is thrown at.
   */
  abandon(attempt: Attempt): undefined | Promise<void> {
    this.endAttemptStop(attempt);
    if (attempt.ended) return undefined;
    const { record } = attempt;
    const { provider, model } = attempt.request;
    const error = new AbortError("the caller stopped reading the stream", { provider, model });
    record.durationMs = this.engine.now() - record.startedAt;
    record.outcome = "error";
    record.errorClass = error.name;
    record.errorCode = error.code;
    this.log(record);
    return this.attemptEnded(attempt, error);
  }

  /**
   * Records a failed call; resolves when a retry or fallback was decided, else throws the final
   * error. With `mayContinue` false (a stream that already delivered something) no decision is
   * asked for and this call's own failure is the final error, whatever earlier attempts failed with.
   */
  async fail(thrown: unknown, attempt: Attempt, mayContinue = true): Promise<LLMProviderError> {
    const { record } = attempt;
    record.durationMs = this.engine.now() - record.startedAt;
    this.endAttemptStop(attempt);
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
    const told = this.attemptEnded(attempt, error);
    if (told !== undefined) await told;
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

  /** The events the caller receives for one event: streamEvent's, or the event itself. */
  hookEvent(event: StreamEvent): readonly StreamEvent[] | Promise<readonly StreamEvent[]> {
    const { hooks } = this.engine;
    if (!hooks.streamEvent.isUsed()) return [event];
    const events = runEventWaterfall<StreamEvent>(hooks.streamEvent, event, this.context);
    return events instanceof Promise ? this.untilStopped(events) : this.unlessStopped(events);
  }

  /** Tells afterAttempt taps, once, that the attempt's call ended. */
  private attemptEnded(attempt: Attempt, error?: LLMProviderError): undefined | Promise<void> {
    if (attempt.ended) return undefined;
    attempt.ended = true;
    const { hooks, logger } = this.engine;
    if (!hooks.afterAttempt.isUsed()) return undefined;
    const event: AttemptEvent = Object.freeze({
      record: copyRecord(attempt.record),
      request: { ...attempt.request },
      error,
    });
    return runObserve(hooks.afterAttempt, event, this.context, logger);
  }

  /**
   * Tells afterRequest taps, exactly once, how the request ended. Call it after `dispose`. Taps get
   * copies of the attempt records in a frozen list, so nothing they do reaches the caller's output
   * or error.
   */
  end(ending: RequestEnding): undefined | Promise<void> {
    if (this.endedOnce) return undefined;
    this.endedOnce = true;
    const { hooks, logger, now } = this.engine;
    if (!hooks.afterRequest.isUsed()) return undefined;
    const error = ending.error as LLMError | undefined;
    // One shape for every outcome (absent fields are undefined): spreading optional parts in would
    // give each ending an object of its own shape, which cost a request about 10 µs.
    const outcome: RequestOutcome = Object.freeze({
      output: ending.output,
      error,
      attempts: Object.freeze(this.context.attempts.map(copyRecord)),
      aborted: ending.leftEarly === true || (error !== undefined && error.code === "aborted"),
      durationMs: now() - this.startedAt,
      streaming: this.context.streaming,
    });
    return runObserve(hooks.afterRequest, outcome, this.context, logger);
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
   * A hook call, bounded by the request: a tap that never settles cannot outlive
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
    // The one place a stop is looked at for the decision: once the caller aborted or the deadline
    // passed, nothing is retried or fallen back to, so no onError tap needs to check for itself.
    if (error.code === "aborted" || this.scope.stopped || !hooks.onError.isUsed()) return FAIL;
    try {
      const decided = runBail<ErrorDecision>(hooks.onError, error, this.context, request);
      return (decided instanceof Promise ? await this.untilStopped(decided) : decided) ?? FAIL;
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
