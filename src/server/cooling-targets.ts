import type { AttemptRecord } from "../contract/output.js";

export interface CoolingTarget {
  provider: string;
  model: string;
  /** When the target takes requests again, ISO 8601. */
  until: string;
  /** Why it was skipped (the health plugin's reason: `retry_after`, `circuit_open`, ...). */
  reason: string;
}

/**
 * The targets a beforeAttempt tap (the health plugin) skipped in recent requests, each until the
 * time the tap gave: what `/health/ready` reports. The gateway learns it from the attempts of the
 * requests it answers, so a target shows once a request met it cooling down.
 */
export class CoolingTargets {
  private readonly byTarget = new Map<
    string,
    { provider: string; model: string; untilMs: number; reason: string }
  >();

  constructor(private readonly now: () => number) {}

  note(attempts: readonly AttemptRecord[]): void {
    for (const attempt of attempts) {
      if (attempt.outcome !== "skipped" || attempt.skippedUntil === undefined) continue;
      this.byTarget.set(`${attempt.provider}\u0000${attempt.model}`, {
        provider: attempt.provider,
        model: attempt.model,
        untilMs: attempt.skippedUntil,
        reason: attempt.skipReason ?? "skipped",
      });
    }
  }

  /** The targets still cooling down now; the others are forgotten. */
  list(): CoolingTarget[] {
    const now = this.now();
    const cooling: CoolingTarget[] = [];
    for (const [key, target] of this.byTarget) {
      if (target.untilMs <= now) {
        this.byTarget.delete(key);
        continue;
      }
      const { provider, model, reason } = target;
      cooling.push({ provider, model, until: new Date(target.untilMs).toISOString(), reason });
    }
    return cooling;
  }
}
