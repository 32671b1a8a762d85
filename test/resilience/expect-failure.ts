import { expect } from "chai";
import { isLLMError, type LLMProviderError } from "../../src/index.js";

/** The error a promise rejects with; fails the test when it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<LLMProviderError> {
  try {
    await promise;
  } catch (error) {
    return error as LLMProviderError;
  }
  throw new Error("expected the call to fail, but it succeeded");
}

/**
 * Asserts an llm-runtime error of the named class. Checked by brand and name, not `instanceof`:
 * the kernel imports plugins as ES modules while mocha may load this file through the CommonJS
 * path, which gives each side its own copy of the error classes.
 */
export function expectError(error: unknown, name: string): void {
  expect(isLLMError(error), `not an llm-runtime error: ${String(error)}`).to.equal(true);
  expect((error as Error).name).to.equal(name);
}
