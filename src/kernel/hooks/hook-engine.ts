import type { Logger } from "pino";
import type { RequestContext } from "../../contract/request.js";
import { HookError } from "../../errors/loading-errors.js";
import { LLMProviderError } from "../../errors/provider-errors.js";

/**
 * The one engine every kernel hook runs through. A hook is a list of taps ordered by stage (taps of
 * one stage keep the order they were added in), and one of three kinds says what a tap's return
 * value does:
 * - waterfall: the value to pass on instead; nothing keeps the current one.
 * - bail: the first tap that returns something decides; nothing lets the next tap decide.
 * - observe: the return value is ignored; a throw or rejection is logged at warn, never thrown.
 *
 * A tap that returns a plain value costs no promise and no microtask: every request runs several
 * hooks and the usual taps are synchronous. From the first tap that returns a promise on, the rest
 * runs after it settles.
 */
export type HookKind = "waterfall" | "bail" | "observe";

type Awaitable<T> = T | Promise<T>;

/** A tap as the engine calls it: the plugin's function behind the result check and error wrapping. */
export type CheckedTap = (value: unknown, context: RequestContext, extra?: unknown) => unknown;

export interface RegisteredTap {
  /** The plugin's name, or the name the tap was given: shown in HookError and warnings. */
  readonly name: string;
  readonly stage: number;
  /** beforeRequest only: the tap never changes the request or a message in place. */
  readonly readOnly: boolean;
  readonly call: CheckedTap;
}

/** How long the kernel waits for an observe tap's promise before going on without it. */
const OBSERVE_WAIT_MS = 1000;

const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  typeof (value as { then?: unknown } | null | undefined)?.then === "function";

export class Hook {
  private readonly list: RegisteredTap[] = [];

  constructor(
    readonly name: string,
    readonly kind: HookKind,
    /** What a tap may return besides undefined (waterfall and bail hooks), and its description. */
    readonly result?: { check: (value: unknown) => boolean; expected: string },
  ) {}

  get taps(): readonly RegisteredTap[] {
    return this.list;
  }

  isUsed(): boolean {
    return this.list.length > 0;
  }

  /** Adds a plugin's function, wrapped so that whatever it does comes back checked. */
  add(name: string, stage: number, fn: (...args: unknown[]) => unknown, readOnly = false): void {
    const call = this.kind === "observe" ? fn : this.checkedCall(name, fn);
    const tap: RegisteredTap = { name, stage, readOnly, call: call as CheckedTap };
    let index = this.list.length;
    while (index > 0 && this.list[index - 1].stage > stage) index--;
    this.list.splice(index, 0, tap);
  }

  /**
   * Any throw or rejection (even `undefined` or `0`) becomes a HookError naming the plugin, and so
   * does a result of the wrong shape, before it can reach the provider or the caller. A provider
   * error is a tap's deliberate verdict on the request (id-translation refusing an unpaired tool
   * result): it reaches the caller as it is.
   */
  private checkedCall(tapName: string, fn: (...args: unknown[]) => unknown): CheckedTap {
    const hookName = this.name;
    const result = this.result;
    const failed = (error: unknown): never => {
      if (error instanceof LLMProviderError) throw error;
      throw new HookError(hookName, tapName, error);
    };
    const checkResult = (value: unknown): unknown => {
      if (value !== undefined && result !== undefined && !result.check(value)) {
        throw new HookError(
          hookName,
          tapName,
          new TypeError(`the tap returned something other than ${result.expected}`),
        );
      }
      return value;
    };
    return (value, context, extra) => {
      let returned: unknown;
      try {
        returned = fn(value, context, extra);
      } catch (error) {
        return failed(error);
      }
      return isThenable(returned)
        ? Promise.resolve(returned).then(checkResult, failed)
        : checkResult(returned);
    };
  }
}

/**
 * Runs a waterfall hook: taps in stage order, each given the value the previous one returned.
 * `beforeEditingTap`, when given, is applied to the value once, just before the first tap that is
 * not read-only.
 */
export function runWaterfall<T>(
  hook: Hook,
  value: T,
  context: RequestContext,
  beforeEditingTap?: (value: T) => T,
): T | Promise<T> {
  return waterfallFrom(hook.taps, 0, value, context, beforeEditingTap);
}

function waterfallFrom<T>(
  taps: readonly RegisteredTap[],
  start: number,
  value: T,
  context: RequestContext,
  beforeEditingTap: ((value: T) => T) | undefined,
): T | Promise<T> {
  let current = value;
  let protect = beforeEditingTap;
  for (let index = start; index < taps.length; index++) {
    const tap = taps[index];
    if (protect !== undefined && !tap.readOnly) {
      current = protect(current);
      protect = undefined;
    }
    const result = tap.call(current, context);
    if (isThenable(result)) {
      const previous = current;
      const rest = protect;
      return Promise.resolve(result).then((next) =>
        waterfallFrom(taps, index + 1, next === undefined ? previous : (next as T), context, rest),
      );
    }
    if (result !== undefined) current = result as T;
  }
  return current;
}

/** Runs a bail hook: the first tap that returns something decides; undefined when none does. */
export function runBail<R>(
  hook: Hook,
  value: unknown,
  context: RequestContext,
  extra?: unknown,
): R | undefined | Promise<R | undefined> {
  return bailFrom<R>(hook.taps, 0, value, context, extra);
}

function bailFrom<R>(
  taps: readonly RegisteredTap[],
  start: number,
  value: unknown,
  context: RequestContext,
  extra: unknown,
): R | undefined | Promise<R | undefined> {
  for (let index = start; index < taps.length; index++) {
    const result = taps[index].call(value, context, extra);
    if (isThenable(result)) {
      return Promise.resolve(result).then((decided) =>
        decided === undefined ? bailFrom<R>(taps, index + 1, value, context, extra) : (decided as R),
      );
    }
    if (result !== undefined) return result as R;
  }
  return undefined;
}

/**
 * Runs an observe hook: every tap, in stage order, given the same value. Nothing a tap does can
 * fail the request: a throw or a rejection is logged at warn (the logger scrubs secrets), and a
 * promise a tap returns is waited for at most OBSERVE_WAIT_MS, so a tap that never settles cannot
 * hold the request. Returns a promise only when a tap returned one.
 */
export function runObserve(
  hook: Hook,
  value: unknown,
  context: RequestContext,
  logger: Logger,
): undefined | Promise<void> {
  let pending: Array<Promise<void>> | undefined;
  for (const tap of hook.taps) {
    try {
      const result = tap.call(value, context);
      if (isThenable(result)) {
        pending ??= [];
        const warn = (error: unknown) => warnObserverFailed(logger, hook.name, tap.name, error);
        pending.push(Promise.resolve(result).then(() => undefined, warn));
      }
    } catch (error) {
      warnObserverFailed(logger, hook.name, tap.name, error);
    }
  }
  return pending === undefined ? undefined : waitAtMost(Promise.all(pending), OBSERVE_WAIT_MS);
}

function warnObserverFailed(logger: Logger, hook: string, plugin: string, error: unknown): void {
  const reason =
    error instanceof Error ? { name: error.name, message: error.message } : { thrown: String(error) };
  logger.warn({ hook, plugin, reason }, `${hook} tap of plugin "${plugin}" failed; the request goes on`);
}

function waitAtMost(pending: Promise<unknown>, ms: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    timer.unref();
    pending.then(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/**
 * Runs the streamEvent hook for one event: each tap gets every event the previous taps produced, and
 * returns a replacement event, an array of events (`[]` holds the event back; `[held, event]`
 * releases what it held), or nothing to keep it. Returns the events for the caller.
 */
export function runEventWaterfall<E>(
  hook: Hook,
  event: E,
  context: RequestContext,
): readonly E[] | Promise<readonly E[]> {
  return eventsFrom(hook.taps, 0, [event], context);
}

function eventsFrom<E>(
  taps: readonly RegisteredTap[],
  start: number,
  events: readonly E[],
  context: RequestContext,
): readonly E[] | Promise<readonly E[]> {
  let current = events;
  for (let index = start; index < taps.length; index++) {
    const next: E[] = [];
    for (let position = 0; position < current.length; position++) {
      const event = current[position];
      const result = taps[index].call(event, context);
      if (isThenable(result)) {
        return Promise.resolve(result).then(async (replaced) => {
          collect(next, event, replaced as Awaitable<E | E[] | undefined>);
          const rest = await eventsFrom([taps[index]], 0, current.slice(position + 1), context);
          return eventsFrom(taps, index + 1, [...next, ...rest], context);
        });
      }
      collect(next, event, result as E | E[] | undefined);
    }
    current = next;
  }
  return current;
}

function collect<E>(into: E[], original: E, result: unknown): void {
  if (result === undefined) into.push(original);
  else if (Array.isArray(result)) into.push(...(result as E[]));
  else into.push(result as E);
}
