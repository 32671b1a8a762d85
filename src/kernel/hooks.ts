import { AsyncSeriesBailHook, AsyncSeriesWaterfallHook } from "tapable";
import type { LLMOutput } from "../contract/output.js";
import type { LLMRequest, RequestContext } from "../contract/request.js";
import { HookError } from "../errors/loading-errors.js";
import { LLMProviderError } from "../errors/provider-errors.js";
import { HOOK_STAGES, type HookStageName } from "./stages.js";

/** What an onError tap decides; the first tap that returns one wins. */
export type ErrorDecision =
  | { action: "retry"; delayMs: number }
  | { action: "fallback" }
  | { action: "fail" };

type Awaitable<T> = T | Promise<T>;

/**
 * The kernel's three hooks, declared once. Each hook's class says what a tap's return value does:
 * - beforeRequest (waterfall): the request to send instead; return nothing to keep it.
 * - afterResponse (waterfall): the output to return instead; return nothing to keep it.
 * - onError (bail): the first decision wins; return nothing to let the next tap decide. Taps also
 *   get the request the failed attempt sent (after every beforeRequest tap), so an observer such
 *   as debug-dump needs no beforeRequest tap of its own, which would cost every request.
 */
export interface KernelHooks {
  readonly beforeRequest: AsyncSeriesWaterfallHook<[LLMRequest, RequestContext]>;
  readonly afterResponse: AsyncSeriesWaterfallHook<[LLMOutput, RequestContext]>;
  readonly onError: AsyncSeriesBailHook<
    [LLMProviderError, RequestContext, LLMRequest],
    ErrorDecision | undefined
  >;
}

export type HookName = keyof KernelHooks;

export function createHooks(): KernelHooks {
  return Object.freeze({
    beforeRequest: new AsyncSeriesWaterfallHook<[LLMRequest, RequestContext]>(["request", "context"]),
    afterResponse: new AsyncSeriesWaterfallHook<[LLMOutput, RequestContext]>(["output", "context"]),
    onError: new AsyncSeriesBailHook<
      [LLMProviderError, RequestContext, LLMRequest],
      ErrorDecision | undefined
    >(["error", "context", "request"]),
  });
}

/** Where a tap runs: a named stage or a raw tapable stage number. */
export interface TapOptions {
  /** Defaults to `default`. */
  stage?: HookStageName | number;
  /** Shown in HookError; defaults to the plugin's name. */
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
  readonly beforeRequest: HookTap<[LLMRequest, RequestContext], LLMRequest>;
  readonly afterResponse: HookTap<[LLMOutput, RequestContext], LLMOutput>;
  readonly onError: HookTap<[LLMProviderError, RequestContext, LLMRequest], ErrorDecision>;
}

type AnyTapFunction = (...args: unknown[]) => unknown;

/**
 * A tap as the kernel calls it: the plugin's function behind the result check and the HookError
 * wrapping. It returns the checked result directly when the tap does, and a promise only when the
 * tap returns one, so a synchronous tap costs no promise and no microtask.
 */
type CheckedTap = (value: unknown, context: RequestContext, request?: LLMRequest) => unknown;

/** What the kernel stores on each tapable tap, beside tapable's own fields. */
interface KernelTap {
  checked: CheckedTap;
  readOnly: boolean;
}

const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  typeof (value as { then?: unknown } | null | undefined)?.then === "function";

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null;

/** What a tap may return, per hook; `undefined` always means "no change" (or "no decision"). */
const RESULT_CHECKS: Record<
  HookName,
  { check: (value: Record<string, unknown>) => boolean; expected: string }
> = {
  beforeRequest: {
    check: (value) => Array.isArray(value.messages) && typeof value.model === "string",
    expected: "an LLMRequest ({ provider, model, messages, params, ... })",
  },
  afterResponse: {
    check: (value) =>
      (value.content === null || typeof value.content === "string") &&
      (value.toolCalls === null || Array.isArray(value.toolCalls)) &&
      typeof value.finishReason === "string" &&
      isObject(value.usage),
    expected: "an LLMOutput ({ content, toolCalls, usage, finishReason, ... })",
  },
  onError: {
    check: (value) =>
      value.action === "fail" ||
      value.action === "fallback" ||
      (value.action === "retry" && typeof value.delayMs === "number" && value.delayMs >= 0),
    expected: "an ErrorDecision ({ action: 'retry', delayMs } | { action: 'fallback' } | { action: 'fail' })",
  },
};

function makeTap(hook: KernelHooks[HookName], hookName: HookName, pluginName: string) {
  return (optionsOrFn: TapOptions | AnyTapFunction, maybeFn?: AnyTapFunction): void => {
    const options = typeof optionsOrFn === "function" ? {} : optionsOrFn;
    const fn = typeof optionsOrFn === "function" ? optionsOrFn : maybeFn;
    if (typeof fn !== "function") {
      throw new HookError(hookName, pluginName, new TypeError("tap needs a function"));
    }
    const stage = typeof options.stage === "number" ? options.stage : HOOK_STAGES[options.stage ?? "default"];
    if (stage === undefined) {
      throw new HookError(hookName, pluginName, new TypeError(`unknown stage "${String(options.stage)}"`));
    }
    const tapName = options.name ?? pluginName;
    const { check, expected } = RESULT_CHECKS[hookName];
    // Any throw or rejection (even `undefined` or `0`) becomes a HookError naming the plugin, and so
    // does a result of the wrong shape, before it can reach the provider or the caller.
    const failed = (error: unknown): never => {
      // A provider error is a tap's deliberate verdict on the request (id-translation refusing an
      // unpaired tool result): it reaches the caller as it is. Anything else is the plugin failing.
      if (error instanceof LLMProviderError) throw error;
      throw new HookError(hookName, tapName, error);
    };
    const checkResult = (result: unknown): unknown => {
      if (result !== undefined && !(isObject(result) && check(result))) {
        throw new HookError(
          hookName,
          tapName,
          new TypeError(`the tap returned something other than ${expected}`),
        );
      }
      return result;
    };
    const checked: CheckedTap = (value, context, request) => {
      let result: unknown;
      try {
        result = fn(value, context, request);
      } catch (error) {
        return failed(error);
      }
      return isThenable(result) ? Promise.resolve(result).then(checkResult, failed) : checkResult(result);
    };
    // tapable keeps extra tap options on the tap, where the kernel's hook runner finds them;
    // tapable's own promise() (the onError hook, tests) calls the async form.
    (hook as unknown as { tapPromise(options: object, fn: AnyTapFunction): void }).tapPromise(
      { name: tapName, stage, checked, readOnly: options.readOnly === true },
      async (value: unknown, context: unknown, request: unknown) =>
        checked(value, context as RequestContext, request as LLMRequest | undefined),
    );
  };
}

/**
 * Runs a waterfall hook (beforeRequest, afterResponse) the way tapable's `promise()` does: taps in
 * stage order, each given the value the previous one returned (nothing returned keeps it). Unlike
 * `promise()`, it makes no promise for a tap that returns a plain value: every request runs both
 * hooks, and the usual taps (id-translation, debug-dump) are synchronous, so the result is usually
 * the value itself. From the first tap that returns a promise on, the rest runs after it settles.
 *
 * `beforeEditingTap`, when given, is applied to the value once, just before the first tap that is
 * not read-only (see TapOptions.readOnly).
 */
export function runWaterfall<T>(
  hook: AsyncSeriesWaterfallHook<[T, RequestContext]>,
  value: T,
  context: RequestContext,
  beforeEditingTap?: (value: T) => T,
): T | Promise<T> {
  return runTapsFrom(hook.taps as unknown as readonly KernelTap[], 0, value, context, beforeEditingTap);
}

function runTapsFrom<T>(
  taps: readonly KernelTap[],
  start: number,
  value: T,
  context: RequestContext,
  beforeEditingTap: ((value: T) => T) | undefined,
): T | Promise<T> {
  let current = value;
  let protect = beforeEditingTap;
  for (let index = start; index < taps.length; index++) {
    const tap = taps[index];
    if (protect !== undefined && tap.readOnly !== true) {
      current = protect(current);
      protect = undefined;
    }
    const result = tap.checked(current, context);
    if (isThenable(result)) {
      const previous = current;
      const rest = protect;
      return Promise.resolve(result).then((next) =>
        runTapsFrom(taps, index + 1, next === undefined ? previous : (next as T), context, rest),
      );
    }
    if (result !== undefined) current = result as T;
  }
  return current;
}

/** The view of the hooks handed to one plugin's setup. */
export function createPluginHooks(hooks: KernelHooks, pluginName: string): PluginHooks {
  const view = {} as Record<HookName, { tap: ReturnType<typeof makeTap> }>;
  for (const name of Object.keys(hooks) as HookName[]) {
    view[name] = Object.freeze({ tap: makeTap(hooks[name], name, pluginName) });
  }
  return Object.freeze(view) as unknown as PluginHooks;
}
