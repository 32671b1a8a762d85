import type { AttemptRecord, LLMOutput, LLMProviderError } from "../../../src/index.js";
import type { FaultHarness } from "./fault-harness.js";

export type Settled =
  | { output: LLMOutput; error?: undefined }
  | { output?: undefined; error: LLMProviderError };

/** The output or the typed error of a call (an untyped rejection fails the test). */
export async function settle(harness: FaultHarness, call: Promise<LLMOutput>): Promise<Settled> {
  let output: LLMOutput;
  try {
    output = await call;
  } catch {
    return { error: await harness.failure(call) };
  }
  return { output };
}

/** The attempt list of either outcome. */
export function attemptsOf(settled: Settled): AttemptRecord[] {
  return settled.output?.attempts ?? settled.error?.attempts ?? [];
}

/** The decision trace, compact: `provider:errorCode->decision` per attempt. */
export function traceOf(attempts: readonly AttemptRecord[]): string[] {
  return attempts.map(
    (record) =>
      `${record.provider}:${record.errorCode ?? "ok"}${record.decision ? `->${record.decision}` : ""}`,
  );
}
