import type { Attributes, Histogram, Meter } from "@opentelemetry/api";
import type { RequestContext, RequestOutcome } from "../../src/index.js";
import { ATTR, CHAT, DURATION_BUCKETS_S, METRIC, providerName, TOKEN_BUCKETS } from "./gen-ai-conventions.js";

/** The two GenAI client histograms, recorded once per request when it ends. */
export class GenAiMetrics {
  private readonly duration: Histogram;
  private readonly tokens: Histogram;

  constructor(meter: Meter) {
    this.duration = meter.createHistogram(METRIC.operationDuration, {
      unit: "s",
      description: "Duration of a chat request, retries, waits and fallbacks included.",
      advice: { explicitBucketBoundaries: DURATION_BUCKETS_S },
    });
    this.tokens = meter.createHistogram(METRIC.tokenUsage, {
      unit: "{token}",
      description: "Tokens used by a chat request, by gen_ai.token.type (input or output).",
      advice: { explicitBucketBoundaries: TOKEN_BUCKETS },
    });
  }

  record(outcome: RequestOutcome, context: RequestContext): void {
    const { output, error } = outcome;
    const attributes: Attributes = {
      [ATTR.operationName]: CHAT,
      [ATTR.providerName]: providerName(context.target.providerType),
      [ATTR.requestModel]: context.chain[0].model,
    };
    if (output) attributes[ATTR.responseModel] = output.model;
    if (error) attributes[ATTR.errorType] = error.code;
    this.duration.record(outcome.durationMs / 1000, attributes);
    if (!output) return;
    this.tokens.record(output.usage.promptTokens, { ...attributes, [ATTR.tokenType]: "input" });
    this.tokens.record(output.usage.completionTokens, { ...attributes, [ATTR.tokenType]: "output" });
  }
}
