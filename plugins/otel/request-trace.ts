import {
  type Attributes,
  context as otelContext,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
} from "@opentelemetry/api";
import type {
  AttemptEvent,
  AttemptRecord,
  LLMOutput,
  RequestContext,
  RequestOutcome,
  Target,
} from "../../src/index.js";
import { convertInputMessages, convertOutputMessages } from "./convert-content.js";
import { ATTR, CHAT, FALLBACK_EVENT, providerName } from "./gen-ai-conventions.js";

/** What the plugin needs besides the tracer: whether to record content, and how to scrub it. */
export interface TraceSettings {
  tracer: Tracer;
  captureContent: boolean;
  scrubSecrets(text: string): string;
}

/** A provider call's span, kept open until the decision taken after the call is known. */
interface OpenAttempt {
  span: Span;
  /** Where the call's record is in the request's attempt list. */
  recordIndex: number;
  /** When the call ended (epoch ms, on the clock the SDK reads), once afterAttempt said so. */
  endedAt?: number;
}

/** Now, on the clock an SDK takes its span times from (time origin plus monotonic time). */
export const now = (): number => performance.timeOrigin + performance.now();

/** The request params the conventions name; `max_completion_tokens` is OpenAI's newer `max_tokens`. */
function requestParamAttributes(params: Readonly<Record<string, unknown>>): Attributes {
  const attributes: Attributes = {};
  const maxTokens = params.max_tokens ?? params.max_completion_tokens;
  if (typeof params.temperature === "number") attributes[ATTR.requestTemperature] = params.temperature;
  if (typeof maxTokens === "number") attributes[ATTR.requestMaxTokens] = maxTokens;
  if (typeof params.top_p === "number") attributes[ATTR.requestTopP] = params.top_p;
  return attributes;
}

function responseAttributes(output: LLMOutput): Attributes {
  return {
    [ATTR.responseModel]: output.model,
    [ATTR.responseFinishReasons]: [output.finishReason],
    [ATTR.usageInputTokens]: output.usage.promptTokens,
    [ATTR.usageOutputTokens]: output.usage.completionTokens,
  };
}

function errorType(record: Readonly<AttemptRecord>): string {
  return record.errorCode ?? record.errorClass ?? "_OTHER";
}

/**
 * The spans of one request: the request's own (`chat <model>`, from its first attempt to its end)
 * and one child per provider call. A call's span ends when the decision after it is known (the
 * next attempt starts, or the request ends), with the time the call itself ended.
 */
export class RequestTrace {
  readonly span: Span;
  private open: OpenAttempt | undefined;
  private paramsSeen = false;

  constructor(
    private readonly settings: TraceSettings,
    target: Target,
    context: RequestContext,
    startTime?: number,
  ) {
    this.span = settings.tracer.startSpan(`${CHAT} ${target.model}`, {
      kind: SpanKind.CLIENT,
      startTime,
      attributes: {
        [ATTR.operationName]: CHAT,
        [ATTR.providerName]: providerName(target.providerType),
        [ATTR.requestModel]: target.model,
        [ATTR.client]: context.client,
        [ATTR.streaming]: context.streaming,
      },
    });
  }

  /** A provider call is about to start on `target`: closes the previous call's span, opens one. */
  attemptStarting(target: Target, context: RequestContext): void {
    this.closeAttempt(context.attempts, target);
    const parent = trace.setSpan(otelContext.active(), this.span);
    const span = this.settings.tracer.startSpan(
      `${CHAT} ${target.model}`,
      {
        kind: SpanKind.CLIENT,
        attributes: {
          [ATTR.operationName]: CHAT,
          [ATTR.providerName]: providerName(target.providerType),
          [ATTR.requestModel]: target.model,
          [ATTR.provider]: target.provider,
          [ATTR.targetIndex]: context.targetIndex,
        },
      },
      parent,
    );
    this.open = { span, recordIndex: context.attempts.length };
  }

  /** The call ended: what it sent, how it went. */
  attemptEnded(event: AttemptEvent): void {
    const open = this.open;
    if (!open) return;
    open.endedAt = now();
    const { record, request } = event;
    const params = requestParamAttributes(request.params);
    open.span.setAttributes(params);
    if (!this.paramsSeen) {
      this.paramsSeen = true;
      this.span.setAttributes(params);
    }
    if (this.settings.captureContent)
      open.span.setAttribute(ATTR.inputMessages, this.contentJson(convertInputMessages(request.messages)));
    this.recordOutcome(open.span, record);
  }

  /** The request is over: closes the last call's span, then the request's own. */
  end(outcome: RequestOutcome, context: RequestContext): void {
    const { output, error } = outcome;
    // The call that answered gets the response too: afterRequest is the first tap that sees it.
    if (output && this.open) this.open.span.setAttributes(responseAttributes(output));
    this.closeAttempt(outcome.attempts, undefined);
    const span = this.span;
    const lastTarget = context.target;
    span.setAttribute(ATTR.providerName, providerName(lastTarget.providerType));
    span.setAttribute(ATTR.provider, lastTarget.provider);
    span.setAttribute(ATTR.attemptCount, outcome.attempts.length);
    span.setAttribute(ATTR.aborted, outcome.aborted);
    for (const record of outcome.attempts) {
      if (record.outcome === "skipped") this.addSkip(record);
    }
    if (output) {
      span.setAttributes(responseAttributes(output));
      if (this.settings.captureContent)
        span.setAttribute(ATTR.outputMessages, this.contentJson(convertOutputMessages(output)));
    } else if (error) {
      span.setAttribute(ATTR.errorType, error.code);
      span.setStatus({ code: SpanStatusCode.ERROR, message: this.settings.scrubSecrets(error.message) });
    }
    span.end();
  }

  /**
   * Ends the open call's span with the decision taken after it (and a fallback event on the
   * request's span), at the time the call ended. `next` is the target the request moves on to.
   */
  private closeAttempt(attempts: readonly Readonly<AttemptRecord>[], next: Target | undefined): void {
    const open = this.open;
    if (!open) return;
    this.open = undefined;
    const record = attempts[open.recordIndex];
    if (record) {
      if (open.endedAt === undefined) this.recordOutcome(open.span, record);
      if (record.decision) open.span.setAttribute(ATTR.attemptDecision, record.decision);
      if (record.decision === "retry") open.span.setAttribute(ATTR.retryDelayMs, record.delayMs ?? 0);
      if (record.decision === "fallback") this.addFallback(record, next, open.endedAt);
    }
    open.span.end(open.endedAt);
  }

  private recordOutcome(span: Span, record: Readonly<AttemptRecord>): void {
    span.setAttribute(ATTR.attemptOutcome, record.outcome);
    span.setAttribute(ATTR.attemptNumber, record.attempt);
    if (record.outcome === "skipped" && record.skipReason)
      span.setAttribute(ATTR.skipReason, record.skipReason);
    if (record.outcome !== "error") return;
    span.setAttribute(ATTR.errorType, errorType(record));
    if (record.status !== undefined) span.setAttribute(ATTR.httpStatusCode, record.status);
    span.setStatus({ code: SpanStatusCode.ERROR, message: errorType(record) });
  }

  private addFallback(from: Readonly<AttemptRecord>, to: Target | undefined, at: number | undefined): void {
    const attributes: Attributes = {
      [ATTR.fallbackFromProvider]: from.provider,
      [ATTR.fallbackFromModel]: from.model,
      [ATTR.errorType]: errorType(from),
    };
    if (to) {
      attributes[ATTR.fallbackToProvider] = to.provider;
      attributes[ATTR.fallbackToModel] = to.model;
    }
    this.span.addEvent(FALLBACK_EVENT, attributes, at);
  }

  /** A target a beforeAttempt tap kept the kernel from calling: an event, since no call was made. */
  private addSkip(record: Readonly<AttemptRecord>): void {
    this.span.addEvent("llm_runtime.target_skipped", {
      [ATTR.provider]: record.provider,
      [ATTR.requestModel]: record.model,
      [ATTR.skipReason]: record.skipReason ?? "",
    });
  }

  private contentJson(value: unknown): string {
    return this.settings.scrubSecrets(JSON.stringify(value));
  }
}
