import type { ChatMessage } from "../../contract/messages.js";
import type { AttemptRecord, LLMOutput } from "../../contract/output.js";
import type { LLMRequest, RequestContext, Target } from "../../contract/request.js";
import type { StreamEvent } from "../../contract/stream.js";
import type { LLMError } from "../../errors/llm-error.js";
import { HookError } from "../../errors/loading-errors.js";
import type { LLMProviderError } from "../../errors/provider-errors.js";
import { Hook } from "./hook-engine.js";
import { HOOK_STAGES, type HookStageName } from "./stages.js";

/** What an onError tap decides; the first tap that returns one wins. */
export type ErrorDecision =
  | { action: "retry"; delayMs: number }
  | { action: "fallback" }
  | { action: "fail" };

/**
 * What a beforeAttempt tap returns to keep the kernel from calling a target (an open circuit, a
 * cooldown, a full bulkhead): the kernel records a skipped attempt and moves to the next target.
 */
export interface SkipDecision {
  action: "skip";
  /** Why, for the attempt record and the error when every remaining target is skipped. */
  reason: string;
  /** Epoch milliseconds until which the target is unavailable, when known. */
  untilMs?: number;
}

/**
 * What afterAttempt taps receive once a provider call has ended: frozen, holding copies, so a tap
 * cannot change anything the kernel keeps.
 */
export interface AttemptEvent {
  /** A copy of the attempt's record (the decision after it is not known yet). */
  readonly record: Readonly<AttemptRecord>;
  /**
   * The request the call sent (after every beforeRequest tap), a copy. Its message list is
   * the one that was sent, often the caller's own history: read it, never change it.
   */
  readonly request: Readonly<Omit<LLMRequest, "messages">> & { readonly messages: readonly ChatMessage[] };
  /** The call's error, when it failed. */
  readonly error?: LLMProviderError;
}

/** What afterRequest taps receive, once per request, however it ended. Frozen, holding copies. */
export interface RequestOutcome {
  /** The output the caller received, when the request succeeded. */
  readonly output?: LLMOutput;
  /** The error the caller received, when it failed (deadline and abort included). */
  readonly error?: LLMError;
  /** Copies of every attempt record, skipped ones included, decisions filled in (a frozen list). */
  readonly attempts: readonly Readonly<AttemptRecord>[];
  /** Whether the caller ended the request: its signal aborted, or it stopped reading the stream. */
  readonly aborted: boolean;
  /** From the call to the end, in milliseconds. */
  readonly durationMs: number;
  readonly streaming: boolean;
}

type Awaitable<T> = T | Promise<T>;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null;

const STREAM_EVENT_TYPES = new Set([
  "text-delta",
  "reasoning-delta",
  "tool-call-start",
  "tool-call-delta",
  "tool-call-end",
  "usage",
  "finish",
]);

const isStreamEvent = (value: unknown): boolean =>
  isObject(value) && typeof value.type === "string" && STREAM_EVENT_TYPES.has(value.type);

/**
 * The kernel's hooks, declared once; hook-engine.ts runs them all. Each hook's kind says what a
 * tap's return value does (see docs/architecture.md):
 * - beforeAttempt (bail): a SkipDecision keeps the kernel from calling the target; nothing goes on.
 * - beforeRequest (waterfall): the request to send instead; return nothing to keep it.
 * - afterAttempt (observe): called once after every provider call ends, success or error.
 * - afterResponse (waterfall): the output to return instead; return nothing to keep it.
 * - onError (bail): the first decision wins; return nothing to let the next tap decide. Taps also
 *   get the request the failed attempt sent (after every beforeRequest tap).
 * - streamEvent (waterfall per event): the event (or events) the caller receives instead.
 * - afterRequest (observe): exactly once per request, with its outcome.
 */
export interface KernelHooks {
  readonly beforeAttempt: Hook;
  readonly beforeRequest: Hook;
  readonly afterAttempt: Hook;
  readonly afterResponse: Hook;
  readonly onError: Hook;
  readonly streamEvent: Hook;
  readonly afterRequest: Hook;
}

export type HookName = keyof KernelHooks;

export function createHooks(): KernelHooks {
  return Object.freeze({
    beforeAttempt: new Hook("beforeAttempt", "bail", {
      check: (value) =>
        isObject(value) &&
        value.action === "skip" &&
        typeof value.reason === "string" &&
        (value.untilMs === undefined ||
          (typeof value.untilMs === "number" && Number.isFinite(value.untilMs))),
      expected: "a SkipDecision ({ action: 'skip', reason, untilMs? })",
    }),
    beforeRequest: new Hook("beforeRequest", "waterfall", {
      check: (value) => isObject(value) && Array.isArray(value.messages) && typeof value.model === "string",
      expected: "an LLMRequest ({ provider, model, messages, params, ... })",
    }),
    afterAttempt: new Hook("afterAttempt", "observe"),
    afterResponse: new Hook("afterResponse", "waterfall", {
      check: (value) =>
        isObject(value) &&
        (value.content === null || typeof value.content === "string") &&
        (value.toolCalls === null || Array.isArray(value.toolCalls)) &&
        typeof value.finishReason === "string" &&
        isObject(value.usage),
      expected: "an LLMOutput ({ content, toolCalls, usage, finishReason, ... })",
    }),
    onError: new Hook("onError", "bail", {
      check: (value) =>
        isObject(value) &&
        (value.action === "fail" ||
          value.action === "fallback" ||
          (value.action === "retry" && typeof value.delayMs === "number" && value.delayMs >= 0)),
      expected:
        "an ErrorDecision ({ action: 'retry', delayMs } | { action: 'fallback' } | { action: 'fail' })",
    }),
    streamEvent: new Hook("streamEvent", "waterfall", {
      check: (value) => (Array.isArray(value) ? value.every(isStreamEvent) : isStreamEvent(value)),
      expected: "a StreamEvent ({ type: 'text-delta', delta }, ...) or an array of them",
    }),
    afterRequest: new Hook("afterRequest", "observe"),
  });
}

/** Where a tap runs: a named stage or a raw stage number. */
export interface TapOptions {
  /** Defaults to `default`. */
  stage?: HookStageName | number;
  /** Shown in HookError and in warnings; defaults to the plugin's name. */
  name?: string;
  /**
   * beforeRequest only: the tap promises never to change the request, its message list or any
   * message in place (it returns new objects for what it changes, or nothing). The kernel then
   * hands it the caller's messages as they are. Without it, the kernel first copies the list and
   * each message, so a tap that edits in place cannot reach into the caller's stored history;
   * that copy is made once per attempt, before the first tap that does not declare this.
   */
  readOnly?: boolean;
}

/** A tap-only view of one hook: plugins can add taps, never call or replace the hook. */
export interface HookTap<Args extends unknown[], Result> {
  // biome-ignore lint/suspicious/noConfusingVoidType: a tap that returns nothing is typed void by callers
  tap(fn: (...args: Args) => Awaitable<Result | undefined | void>): void;
  // biome-ignore lint/suspicious/noConfusingVoidType: as above
  tap(options: TapOptions, fn: (...args: Args) => Awaitable<Result | undefined | void>): void;
}

export interface PluginHooks {
  readonly beforeAttempt: HookTap<[Target, RequestContext], SkipDecision>;
  readonly beforeRequest: HookTap<[LLMRequest, RequestContext], LLMRequest>;
  readonly afterAttempt: HookTap<[AttemptEvent, RequestContext], never>;
  readonly afterResponse: HookTap<[LLMOutput, RequestContext], LLMOutput>;
  readonly onError: HookTap<[LLMProviderError, RequestContext, LLMRequest], ErrorDecision>;
  readonly streamEvent: HookTap<[StreamEvent, RequestContext], StreamEvent | StreamEvent[]>;
  readonly afterRequest: HookTap<[RequestOutcome, RequestContext], never>;
}

type AnyTapFunction = (...args: unknown[]) => unknown;

function makeTap(hook: Hook, pluginName: string) {
  return (optionsOrFn: TapOptions | AnyTapFunction, maybeFn?: AnyTapFunction): void => {
    const options = typeof optionsOrFn === "function" ? {} : optionsOrFn;
    const fn = typeof optionsOrFn === "function" ? optionsOrFn : maybeFn;
    if (typeof fn !== "function") {
      throw new HookError(hook.name, pluginName, new TypeError("tap needs a function"));
    }
    const stage = typeof options.stage === "number" ? options.stage : HOOK_STAGES[options.stage ?? "default"];
    if (stage === undefined || !Number.isFinite(stage)) {
      throw new HookError(hook.name, pluginName, new TypeError(`unknown stage "${String(options.stage)}"`));
    }
    hook.add(options.name ?? pluginName, stage, fn, options.readOnly === true);
  };
}

/** The view of the hooks handed to one plugin's setup. */
export function createPluginHooks(hooks: KernelHooks, pluginName: string): PluginHooks {
  const view = {} as Record<HookName, { tap: ReturnType<typeof makeTap> }>;
  for (const name of Object.keys(hooks) as HookName[]) {
    view[name] = Object.freeze({ tap: makeTap(hooks[name], pluginName) });
  }
  return Object.freeze(view) as unknown as PluginHooks;
}
