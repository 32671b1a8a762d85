import { ERROR_CODES, type ErrorCode } from "./codes.js";

/**
 * A global symbol, so the brand survives two copies of this package in one process (where
 * `instanceof` fails): `isLLMError` checks the brand, never the class identity.
 */
const BRAND = Symbol.for("llm-runtime.error");

export interface LLMErrorOptions {
  cause?: unknown;
  /** How to fix it; defaults to the code's fix from the registry. */
  fix?: string;
}

/** Base of every error the runtime throws. `message` ends with how to fix the problem. */
export class LLMError extends Error {
  readonly code: ErrorCode;
  readonly fix: string;

  constructor(code: ErrorCode, message: string, options: LLMErrorOptions = {}) {
    const fix = options.fix ?? ERROR_CODES[code].fix;
    super(`${message} (fix: ${fix})`, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.fix = fix;
    Object.defineProperty(this, BRAND, { value: true });
  }

  /** A secret-free summary: the cause is left out (it may hold raw provider text). */
  toJSON(): Record<string, unknown> {
    return { name: this.name, code: this.code, message: this.message };
  }
}

/** True for any error thrown by any copy of llm-runtime; narrow further by `code`. */
export function isLLMError(value: unknown, code?: ErrorCode): value is LLMError {
  if (typeof value !== "object" || value === null) return false;
  if ((value as Record<symbol, unknown>)[BRAND] !== true) return false;
  return code === undefined || (value as LLMError).code === code;
}
