import type { AttemptRecord } from "../../contract/output.js";
import { ERROR_CODES } from "../../errors/codes.js";
import type { LLMProviderError } from "../../errors/provider-errors.js";

function describeAttempt(record: AttemptRecord): string {
  const decision =
    record.decision === "retry" ? `retry in ${record.delayMs ?? 0} ms` : (record.decision ?? "");
  return `#${record.attempt} ${record.provider} ${record.model}: ${record.errorClass ?? record.outcome} -> ${decision}`;
}

/**
 * The error a request finally throws: the most informative failure (the code registry's rank; the
 * latest wins a tie), carrying every attempt and every attempt's error. When more than one call was
 * made its message lists them, so a log line alone tells the whole story. An abort or a passed
 * deadline (`stopped`) is always the error thrown: it is why the request ended.
 */
export function selectFinalError(
  errors: LLMProviderError[],
  attempts: AttemptRecord[],
  stopped?: LLMProviderError,
): LLMProviderError {
  let chosen = stopped ?? errors[errors.length - 1];
  if (!stopped) {
    for (const error of errors) {
      if (ERROR_CODES[error.code].rank > ERROR_CODES[chosen.code].rank) chosen = error;
    }
  }
  chosen.attempts = attempts;
  chosen.errors = errors;
  if (attempts.length > 1) {
    chosen.message = `${chosen.message}\n${attempts.length} attempts: ${attempts.map(describeAttempt).join("; ")}`;
  }
  return chosen;
}
