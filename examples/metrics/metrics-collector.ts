import type { AttemptRecord, RequestOutcome } from "../../src/index.js";

/** Latency of provider calls, in milliseconds, over the most recent calls kept. */
export interface LatencySummary {
  /** Calls the summary covers (at most `latencySamples`). */
  samples: number;
  meanMs: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
}

/** What one provider instance did since the runtime started. */
export interface ProviderMetrics {
  /** Provider calls made, successful or not (a call the caller aborted counts as a failure). */
  calls: number;
  successes: number;
  failures: number;
  /** Failed calls by error code (`rate_limit`, `provider_unavailable`, ...). */
  errors: Record<string, number>;
  latency: LatencySummary;
  /** Tokens of successful calls, summed (OpenAI's meaning, see `Usage`). */
  tokens: { prompt: number; completion: number; total: number; cached: number; reasoning: number };
}

/** Requests by how they ended: each request counts once, in exactly one of the four. */
export interface RequestMetrics {
  total: number;
  successes: number;
  /** Failed with an error other than the caller's abort (deadlines included). */
  failures: number;
  /** The caller aborted, or stopped reading the stream. */
  aborted: number;
  /** Failures by error code (`timeout`, `rate_limit`, ...). */
  errors: Record<string, number>;
  /** How many of `total` were streamed. */
  streamed: number;
}

export interface MetricsSnapshot {
  requests: RequestMetrics;
  /** By provider instance name (the keys of the config's `providers`). */
  providers: Record<string, ProviderMetrics>;
}

interface ProviderState {
  metrics: Omit<ProviderMetrics, "latency">;
  /** A ring of the latest durations, so memory stays bounded however long the process runs. */
  durations: number[];
  next: number;
}

function percentile(sorted: number[], share: number): number {
  return sorted.length === 0 ? 0 : sorted[Math.max(0, Math.ceil(share * sorted.length) - 1)];
}

/** Sums provider calls per provider instance. Pure bookkeeping: no clock, no I/O. */
export class MetricsCollector {
  private readonly providers = new Map<string, ProviderState>();
  private readonly requests: RequestMetrics = {
    total: 0,
    successes: 0,
    failures: 0,
    aborted: 0,
    errors: {},
    streamed: 0,
  };

  constructor(private readonly latencySamples: number) {}

  /** One request that ended; the tokens of its answer go to the provider that gave it. */
  recordRequest(outcome: RequestOutcome): void {
    const { requests } = this;
    requests.total += 1;
    if (outcome.streaming) requests.streamed += 1;
    if (outcome.aborted) requests.aborted += 1;
    else if (outcome.output !== undefined) {
      requests.successes += 1;
      const { provider, usage } = outcome.output;
      const { tokens } = this.stateOf(provider).metrics;
      tokens.prompt += usage.promptTokens;
      tokens.completion += usage.completionTokens;
      tokens.total += usage.totalTokens;
      tokens.cached += usage.cachedTokens ?? 0;
      tokens.reasoning += usage.reasoningTokens ?? 0;
    } else {
      requests.failures += 1;
      const code = outcome.error?.code ?? "unknown";
      requests.errors[code] = (requests.errors[code] ?? 0) + 1;
    }
  }

  /** One finished provider call, from the kernel's attempt record (its duration is measured there). */
  recordAttempt(record: Readonly<AttemptRecord>): void {
    const state = this.stateOf(record.provider);
    const { metrics } = state;
    metrics.calls += 1;
    if (record.outcome === "success") metrics.successes += 1;
    else {
      metrics.failures += 1;
      const code = record.errorCode ?? "unknown";
      metrics.errors[code] = (metrics.errors[code] ?? 0) + 1;
    }
    state.durations[state.next] = record.durationMs;
    state.next = (state.next + 1) % this.latencySamples;
  }

  /** A copy of the numbers now; later calls do not change it. */
  snapshot(): MetricsSnapshot {
    const providers: Record<string, ProviderMetrics> = {};
    for (const [name, state] of this.providers) {
      const sorted = [...state.durations].sort((a, b) => a - b);
      const sum = sorted.reduce((total, value) => total + value, 0);
      providers[name] = {
        ...structuredClone(state.metrics),
        latency: {
          samples: sorted.length,
          meanMs: sorted.length === 0 ? 0 : Math.round(sum / sorted.length),
          p50Ms: percentile(sorted, 0.5),
          p95Ms: percentile(sorted, 0.95),
          maxMs: sorted.length === 0 ? 0 : sorted[sorted.length - 1],
        },
      };
    }
    return { requests: structuredClone(this.requests), providers };
  }

  private stateOf(provider: string): ProviderState {
    let state = this.providers.get(provider);
    if (!state) {
      const tokens = { prompt: 0, completion: 0, total: 0, cached: 0, reasoning: 0 };
      state = {
        metrics: { calls: 0, successes: 0, failures: 0, errors: {}, tokens },
        durations: [],
        next: 0,
      };
      this.providers.set(provider, state);
    }
    return state;
  }
}
