import { SlidingCounts } from "./sliding-counts.js";

/** The breaker settings of one target; every duration in milliseconds. */
export interface CircuitPolicy {
  consecutiveFailures: number;
  failureRateThreshold: number;
  minCallsInWindow: number;
  failureWindowMs: number;
  cooldownMs: number;
  cooldownBackoffFactor: number;
  maxCooldownMs: number;
}

/** Why a target was skipped: its failures opened it, a 429 asked for a wait, or its probe is out. */
export type SkipReason = "circuit_open" | "retry_after" | "probe_in_flight";

export type Admission =
  | { admitted: true; probe: boolean }
  | { admitted: false; reason: SkipReason; untilMs: number };

/** A cooldown as processes share it: until when (epoch ms), how many probes failed before, and why. */
export interface Cooldown {
  until: number;
  level: number;
  cause: "failures" | "retry_after";
}

/**
 * What one provider call says about its target's health. `neutral` calls say nothing: the request
 * itself was wrong (authentication, invalid request, context length, quota), or it was aborted or
 * ran out of its own deadline.
 */
export type CallResult =
  | { kind: "success" }
  | { kind: "failure"; retryAfterMs?: number }
  | { kind: "neutral" };

/** A change other processes must learn of. */
export type Transition = "opened" | "closed" | undefined;

/**
 * While a probe is out, other requests skip the target; this is the wait their skip announces (the
 * probe's outcome decides the real one).
 */
export const PROBE_WAIT_HINT_MS = 1000;

/**
 * A cooldown counts as over this much before its end: a retry scheduled for the exact end of a
 * Retry-After (the retry plugin never waits less) may wake a millisecond or two early on Node's
 * timers, and must not be skipped for that.
 */
const TIMER_TOLERANCE_MS = 5;

/**
 * The circuit breaker of one target (provider instance + model), in this process. Closed, it counts
 * calls and retryable failures; it opens after `consecutiveFailures` in a row, or when failures
 * reach `failureRateThreshold` of at least `minCallsInWindow` calls in `failureWindowMs`, or at
 * once on a 429 with a Retry-After. Open, it admits nothing until its cooldown ends. Then it lets
 * one request through as a probe (half-open): success closes it, a failure reopens it with a
 * cooldown `cooldownBackoffFactor` times longer (capped). A probe that ends without a verdict
 * (aborted, or a neutral error) frees the probe slot and changes nothing. Pure: time comes in.
 */
export class TargetCircuit {
  private state: "closed" | "open" | "half_open" = "closed";
  private until = 0;
  private level = 0;
  private cause: Cooldown["cause"] = "failures";
  private probeOwner: object | undefined;
  private probeExpiresAt = 0;
  /** Until when another process holds the probe of the current cooldown (see yieldProbe). */
  private probeElsewhereUntil = 0;
  private consecutive = 0;
  private readonly window: SlidingCounts<"call" | "failure">;

  constructor(private readonly policy: CircuitPolicy) {
    this.window = new SlidingCounts(policy.failureWindowMs);
  }

  /** Whether a call may go now; `owner` (the request) holds the probe slot if it becomes the probe. */
  admit(now: number, owner: object, ownerDeadline: number, force = false): Admission {
    if (this.state === "open") {
      if (now < this.until - TIMER_TOLERANCE_MS && !force) {
        const reason = this.cause === "retry_after" ? "retry_after" : "circuit_open";
        return { admitted: false, reason, untilMs: this.until };
      }
      if (now < this.probeElsewhereUntil && !force) {
        return { admitted: false, reason: "probe_in_flight", untilMs: this.probeElsewhereUntil };
      }
      this.state = "half_open";
      this.probeOwner = undefined;
    }
    if (this.state === "half_open") {
      // A probe whose request ended without telling (its deadline passed) no longer holds the slot.
      if (this.probeOwner !== undefined && this.probeOwner !== owner && now >= this.probeExpiresAt) {
        this.probeOwner = undefined;
      }
      if (this.probeOwner === undefined || this.probeOwner === owner) {
        this.probeOwner = owner;
        this.probeExpiresAt = ownerDeadline;
        return { admitted: true, probe: true };
      }
      if (!force) return { admitted: false, reason: "probe_in_flight", untilMs: now + PROBE_WAIT_HINT_MS };
    }
    return { admitted: true, probe: false };
  }

  /** When a call would be admitted: `now` if it would, else the time its cooldown ends. */
  reopensAt(now: number): number {
    if (this.state === "open" && now < this.until - TIMER_TOLERANCE_MS) return this.until;
    if (this.state === "open" && now < this.probeElsewhereUntil) return this.probeElsewhereUntil;
    if (this.state === "half_open" && this.probeOwner !== undefined && now < this.probeExpiresAt) {
      return now + PROBE_WAIT_HINT_MS;
    }
    return now;
  }

  /** Takes in the outcome of a call this circuit admitted. */
  record(owner: object, result: CallResult, now: number): Transition {
    const isProbe = this.state === "half_open" && this.probeOwner === owner;
    if (result.kind === "neutral") {
      if (isProbe) this.probeOwner = undefined;
      return undefined;
    }
    if (result.kind === "success") {
      if (isProbe) {
        this.close();
        return "closed";
      }
      if (this.state === "closed") {
        this.consecutive = 0;
        this.window.add("call", now);
      }
      return undefined;
    }
    const retryAfterMs =
      result.retryAfterMs !== undefined && result.retryAfterMs > 0 ? result.retryAfterMs : 0;
    if (isProbe) {
      this.level += 1;
      return this.open(
        now,
        Math.max(this.cooldown(), retryAfterMs),
        retryAfterMs > 0 ? "retry_after" : "failures",
      );
    }
    if (this.state === "closed") {
      this.consecutive += 1;
      this.window.add("call", now);
      this.window.add("failure", now);
      if (retryAfterMs > 0) return this.open(now, retryAfterMs, "retry_after");
      if (this.tripped(now)) return this.open(now, this.cooldown(), "failures");
      return undefined;
    }
    // Open already (a call admitted before it opened): only a longer Retry-After changes anything.
    if (this.state === "open" && retryAfterMs > 0 && now + this.capped(retryAfterMs) > this.until) {
      return this.open(now, retryAfterMs, "retry_after");
    }
    return undefined;
  }

  /**
   * Takes in a cooldown another process set. The longer cooldown wins: a shorter one, or one
   * already over, changes nothing.
   */
  adopt(remote: Cooldown, now: number): boolean {
    if (remote.until <= now) return false;
    if (this.state === "open" && remote.until <= this.until) return false;
    this.state = "open";
    this.until = remote.until;
    this.level = Math.max(this.level, remote.level);
    this.cause = remote.cause;
    this.probeOwner = undefined;
    this.probeElsewhereUntil = 0;
    return true;
  }

  /**
   * Another process's probe closed the circuit at `closedAt`: if this one was waiting for that
   * probe (see yieldProbe), it closes too instead of waiting out the lease.
   */
  learnClosed(closedAt: number): void {
    if (
      this.state === "open" &&
      this.probeElsewhereUntil > 0 &&
      closedAt >= this.until - TIMER_TOLERANCE_MS
    ) {
      this.close();
    }
  }

  /**
   * Another process won the probe of the cooldown ending at `until`: this one lets it go first and
   * waits for its verdict (a longer cooldown it publishes) until `leaseEnd`, then probes itself.
   */
  yieldProbe(until: number, leaseEnd: number): void {
    if (this.state === "open" && this.until === until) this.probeElsewhereUntil = leaseEnd;
  }

  /** The cooldown to share while open. */
  current(): Cooldown | undefined {
    if (this.state !== "open") return undefined;
    return { until: this.until, level: this.level, cause: this.cause };
  }

  get status(): "closed" | "open" | "half_open" {
    return this.state;
  }

  private tripped(now: number): boolean {
    const { consecutiveFailures, minCallsInWindow, failureRateThreshold } = this.policy;
    if (this.consecutive >= consecutiveFailures) return true;
    const calls = this.window.count("call", now);
    return calls >= minCallsInWindow && this.window.count("failure", now) >= failureRateThreshold * calls;
  }

  private cooldown(): number {
    const { cooldownMs, cooldownBackoffFactor } = this.policy;
    return this.capped(cooldownMs * cooldownBackoffFactor ** this.level);
  }

  private capped(ms: number): number {
    return Math.min(this.policy.maxCooldownMs, Math.ceil(ms));
  }

  private open(now: number, forMs: number, cause: Cooldown["cause"]): Transition {
    // A cooldown already running is never shortened: the longer deadline wins.
    const until = Math.max(now + this.capped(forMs), this.state === "open" ? this.until : 0);
    this.state = "open";
    this.until = until;
    this.cause = cause;
    this.probeOwner = undefined;
    this.probeElsewhereUntil = 0;
    this.consecutive = 0;
    this.window.clear();
    return "opened";
  }

  private close(): void {
    this.probeElsewhereUntil = 0;
    this.state = "closed";
    this.level = 0;
    this.probeOwner = undefined;
    this.consecutive = 0;
    this.window.clear();
  }
}
