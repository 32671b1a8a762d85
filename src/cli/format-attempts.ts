import type { AttemptRecord } from "../contract/output.js";

/** What came of one attempt, then what the runtime did next: `error rate_limit (HTTP 429), retry in 120 ms`. */
function describeOutcome(record: AttemptRecord): string {
  const parts: string[] = [record.outcome];
  if (record.errorCode) parts.push(record.errorCode);
  if (record.status !== undefined) parts.push(`(HTTP ${record.status})`);
  if (record.outcome === "skipped" && record.skipReason) parts.push(`(${record.skipReason})`);
  let line = parts.join(" ");
  if (record.decision === "retry") line += `, retry in ${record.delayMs ?? 0} ms`;
  else if (record.decision === "fallback") line += ", fall back to the next target";
  else if (record.decision === "fail") line += ", give up";
  return line;
}

/**
 * One line per provider call of a request, in order, for `chat --verbose`:
 * `attempt 1: openai gpt-4o, error rate_limit (HTTP 429), retry in 120 ms [35 ms]`.
 */
export function formatAttempts(attempts: readonly AttemptRecord[]): string {
  return attempts
    .map(
      (record, index) =>
        `attempt ${index + 1}: ${record.provider} ${record.model}, ${describeOutcome(record)} [${Math.round(record.durationMs)} ms]\n`,
    )
    .join("");
}
