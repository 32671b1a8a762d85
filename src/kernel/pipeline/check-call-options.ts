import type { CallOptions, Target } from "../../contract/request.js";
import { InvalidRequestError } from "../../errors/provider-errors.js";
import { LONGEST_TIMER_MS } from "./deadline-queue.js";

const KNOWN_OPTIONS: ReadonlySet<string> = new Set([
  "signal",
  "timeoutMs",
  "idleTimeoutMs",
  "params",
  "providerParams",
]);

function fail(target: Target, problem: string, fix: string): never {
  throw new InvalidRequestError(problem, { provider: target.provider, model: target.model, fix });
}

/** A short, safe description of a value for an error message (never the value of a string). */
function describe(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "number") return String(value);
  if (typeof value === "string") return `a string of length ${value.length}`;
  if (Array.isArray(value)) return "an array";
  return `a ${typeof value}`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * An AbortSignal, or one from another realm or polyfill with the same surface: what the kernel
 * uses of it is `aborted`, `reason` and the two listener methods.
 */
function isAbortSignal(value: unknown): boolean {
  if (value instanceof AbortSignal) return true;
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return (
    typeof candidate.aborted === "boolean" &&
    typeof candidate.addEventListener === "function" &&
    typeof candidate.removeEventListener === "function"
  );
}

function checkDuration(target: Target, name: string, value: unknown): void {
  if (value === undefined) return;
  if (typeof value === "number" && Number.isInteger(value) && value >= 1 && value <= LONGEST_TIMER_MS) {
    return;
  }
  fail(
    target,
    `options.${name} must be an integer number of milliseconds from 1 to ${LONGEST_TIMER_MS}, not ${describe(value)}`,
    `pass a number (Number(text) of an unset variable is NaN), or leave ${name} out to use the client's`,
  );
}

/**
 * Checks the fourth argument of generateResponse and streamResponse before any request: a wrong
 * option is an InvalidRequestError naming it. A NaN or a string deadline would otherwise reach the
 * process's deadline queue, and an unknown key (a typo of `timeoutMs`) would be silently ignored.
 */
export function checkCallOptions(options: CallOptions | undefined, target: Target): void {
  if (options === undefined) return;
  if (!isPlainObject(options)) {
    fail(
      target,
      `options must be a plain object, not ${describe(options)}`,
      "pass { timeoutMs, signal, ... } or nothing",
    );
  }
  for (const key in options) {
    if (!KNOWN_OPTIONS.has(key)) {
      fail(
        target,
        `options has an unknown key ${JSON.stringify(key.slice(0, 40))}`,
        `use only ${[...KNOWN_OPTIONS].join(", ")}`,
      );
    }
  }
  if (options.signal !== undefined && !isAbortSignal(options.signal)) {
    fail(
      target,
      `options.signal must be an AbortSignal, not ${describe(options.signal)}`,
      "pass AbortController's signal, or leave signal out",
    );
  }
  checkDuration(target, "timeoutMs", options.timeoutMs);
  checkDuration(target, "idleTimeoutMs", options.idleTimeoutMs);
  if (options.params !== undefined && !isPlainObject(options.params)) {
    fail(
      target,
      `options.params must be a plain object, not ${describe(options.params)}`,
      "pass params as { temperature: 0, ... }",
    );
  }
  const { providerParams } = options;
  if (providerParams === undefined) return;
  if (!isPlainObject(providerParams)) {
    fail(
      target,
      `options.providerParams must be a plain object, not ${describe(providerParams)}`,
      "pass providerParams as { <provider type>: { ... } }, e.g. { anthropic: { top_k: 5 } }",
    );
  }
  for (const type of Object.keys(providerParams)) {
    if (!isPlainObject(providerParams[type])) {
      fail(
        target,
        `options.providerParams.${JSON.stringify(type.slice(0, 40))} must be a plain object, not ${describe(providerParams[type])}`,
        "give each provider type an object of its own params",
      );
    }
  }
}
