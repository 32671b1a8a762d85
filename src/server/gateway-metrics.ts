import { Counter, Gauge, Histogram, Registry } from "prom-client";
import type { AttemptRecord, LLMOutput } from "../contract/output.js";
import { isLLMProviderError } from "../errors/provider-errors.js";

/** How a gateway request that reached the runtime ended: its output, or the error it threw. */
export interface GatewayOutcome {
  output?: LLMOutput;
  error?: unknown;
}

/** The provider calls of a request: the output's, or a provider error's (none for another error). */
export function attemptsOf(outcome: GatewayOutcome): readonly AttemptRecord[] {
  return outcome.output?.attempts ?? (isLLMProviderError(outcome.error) ? outcome.error.attempts : []);
}

/** Label for a request that failed before any provider answered, or named no client. */
const NONE = "none";

/**
 * The gateway's Prometheus metrics, in a registry of its own (two servers in one process do not
 * collide). Labels are config names (client, provider instance) and status codes only: never a
 * key, a key's hash, or anything the caller wrote.
 */
export class GatewayMetrics {
  readonly registry = new Registry();
  private readonly requests = new Counter({
    name: "llm_gateway_requests_total",
    help: "Chat completion requests answered, by client, answering provider and HTTP status",
    labelNames: ["client", "provider", "status", "stream"] as const,
    registers: [this.registry],
  });
  private readonly duration = new Histogram({
    name: "llm_gateway_request_duration_seconds",
    help: "Time from request to the last byte of the answer, by client and answering provider",
    labelNames: ["client", "provider", "stream"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
    registers: [this.registry],
  });
  private readonly firstChunk = new Histogram({
    name: "llm_gateway_time_to_first_chunk_seconds",
    help: "Streams: time from request to the first chunk sent, by client",
    labelNames: ["client"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });
  private readonly attempts = new Counter({
    name: "llm_gateway_attempts_total",
    help: "Provider calls made for the requests, by client, provider, model and outcome",
    labelNames: ["client", "provider", "model", "outcome"] as const,
    registers: [this.registry],
  });
  private readonly fallbacks = new Counter({
    name: "llm_gateway_fallbacks_total",
    help: "Times a request moved on to the next target of its client's chain",
    labelNames: ["client", "from_provider"] as const,
    registers: [this.registry],
  });
  private readonly tokens = new Counter({
    name: "llm_gateway_tokens_total",
    help: "Tokens used by answered requests, by client, provider and kind (prompt or completion)",
    labelNames: ["client", "provider", "kind"] as const,
    registers: [this.registry],
  });
  private readonly inFlight = new Gauge({
    name: "llm_gateway_in_flight_requests",
    help: "Chat completion requests (streams included) being answered now",
    registers: [this.registry],
  });
  private readonly rejected = new Counter({
    name: "llm_gateway_rejected_total",
    help: "Requests refused before reaching a provider, by reason",
    labelNames: ["reason"] as const,
    registers: [this.registry],
  });

  started(): void {
    this.inFlight.inc();
  }

  /** Records a request that reached the runtime, with its output or its error. */
  finished(client: string, stream: boolean, status: number, seconds: number, outcome: GatewayOutcome): void {
    this.inFlight.dec();
    const attempts = attemptsOf(outcome);
    const provider = outcome.output?.provider ?? NONE;
    const streamLabel = stream ? "true" : "false";
    this.requests.inc({ client, provider, status: String(status), stream: streamLabel });
    this.duration.observe({ client, provider, stream: streamLabel }, seconds);
    for (const attempt of attempts) {
      this.attempts.inc({
        client,
        provider: attempt.provider,
        model: attempt.model,
        outcome: attempt.outcome,
      });
      if (attempt.decision === "fallback") this.fallbacks.inc({ client, from_provider: attempt.provider });
    }
    if (outcome.output) {
      this.tokens.inc({ client, provider, kind: "prompt" }, outcome.output.usage.promptTokens);
      this.tokens.inc({ client, provider, kind: "completion" }, outcome.output.usage.completionTokens);
    }
  }

  firstChunkSent(client: string, seconds: number): void {
    this.firstChunk.observe({ client }, seconds);
  }

  /** A request refused by the gateway itself: auth, rate limit, busy, invalid, unknown model. */
  refused(reason: string): void {
    this.rejected.inc({ reason });
  }
}
