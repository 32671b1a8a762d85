import { AsyncSeriesBailHook, AsyncSeriesWaterfallHook } from "tapable";
import type { LLMOutput } from "../contract/output.js";
import type { LLMRequest, RequestContext } from "../contract/request.js";
import type { LLMProviderError } from "../errors/provider-errors.js";
import { HookError } from "../errors/loading-errors.js";
import { HOOK_STAGES, type HookStageName } from "./stages.js";

/** What an onError tap decides; the first tap that returns one wins. */
export type ErrorDecision = { action: "retry"; delayMs: number } | { action: "fallback" } | { action: "fail" };

type Awaitable<T> = T | Promise<T>;

/**
 * The kernel's three hooks, declared once. Each hook's class says what a tap's return value does:
 * - beforeRequest (waterfall): the request to send instead; return nothing to keep it.
 * - afterResponse (waterfall): the output to return instead; return nothing to keep it.
 * - onError (bail): the first decision wins; return nothing to let the next tap decide.
 */
export interface KernelHooks {
  readonly beforeRequest: AsyncSeriesWaterfallHook<[LLMRequest, RequestContext]>;
  readonly afterResponse: AsyncSeriesWaterfallHook<[LLMOutput, RequestContext]>;
  readonly onError: AsyncSeriesBailHook<[LLMProviderError, RequestContext], ErrorDecision | undefined>;
}

export type HookName = keyof KernelHooks;

export function createHooks(): KernelHooks {
  return Object.freeze({
    beforeRequest: new AsyncSeriesWaterfallHook<[LLMRequest, RequestContext]>(["request", "context"]),
    afterResponse: new AsyncSeriesWaterfallHook<[LLMOutput, RequestContext]>(["output", "context"]),
    onError: new AsyncSeriesBailHook<[LLMProviderError, RequestContext], ErrorDecision | undefined>([
      "error",
      "context",
    ]),
  });
}

/** Where a tap runs: a named stage or a raw tapable stage number. */
export interface TapOptions {
  /** Defaults to `default`. */
  stage?: HookStageName | number;
  /** Shown in HookError; defaults to the plugin's name. */
  name?: string;
}

/** A tap-only view of one hook: plugins can add taps, never call or replace the hook. */
export interface HookTap<Args extends unknown[], Result> {
  tap(fn: (...args: Args) => Awaitable<Result | undefined | void>): void;
  tap(options: TapOptions, fn: (...args: Args) => Awaitable<Result | undefined | void>): void;
}

export interface PluginHooks {
  readonly beforeRequest: HookTap<[LLMRequest, RequestContext], LLMRequest>;
  readonly afterResponse: HookTap<[LLMOutput, RequestContext], LLMOutput>;
  readonly onError: HookTap<[LLMProviderError, RequestContext], ErrorDecision>;
}

type AnyTapFunction = (...args: unknown[]) => unknown;

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
    // Any throw or rejection (even `undefined` or `0`) becomes a HookError naming the plugin.
    const guarded = async (...args: unknown[]) => {
      try {
        return await fn(...args);
      } catch (error) {
        throw new HookError(hookName, tapName, error);
      }
    };
    (hook as unknown as { tapPromise(options: object, fn: AnyTapFunction): void }).tapPromise(
      { name: tapName, stage },
      guarded,
    );
  };
}

/** The view of the hooks handed to one plugin's setup. */
export function createPluginHooks(hooks: KernelHooks, pluginName: string): PluginHooks {
  const view = {} as Record<HookName, { tap: ReturnType<typeof makeTap> }>;
  for (const name of Object.keys(hooks) as HookName[]) {
    view[name] = Object.freeze({ tap: makeTap(hooks[name], name, pluginName) });
  }
  return Object.freeze(view) as unknown as PluginHooks;
}
