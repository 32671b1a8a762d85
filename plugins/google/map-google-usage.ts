import type { Usage } from "../../src/index.js";
import type { GoogleUsageMetadata } from "./google-api-types.js";

/**
 * Gemini's `usageMetadata` with OpenAI's meaning: `candidatesTokenCount` leaves thoughts out, so
 * thoughts are added into `completionTokens` (and reported as `reasoningTokens`);
 * `promptTokenCount` already includes `cachedContentTokenCount`; tool-use prompt tokens are input.
 */
export function mapGoogleUsage(metadata: GoogleUsageMetadata | null | undefined): Usage {
  const thoughts = count(metadata?.thoughtsTokenCount);
  const promptTokens = count(metadata?.promptTokenCount) + count(metadata?.toolUsePromptTokenCount);
  const completionTokens = count(metadata?.candidatesTokenCount) + thoughts;
  const usage: Usage = {
    promptTokens,
    completionTokens,
    totalTokens: count(metadata?.totalTokenCount) || promptTokens + completionTokens,
  };
  if (typeof metadata?.cachedContentTokenCount === "number")
    usage.cachedTokens = count(metadata.cachedContentTokenCount);
  if (typeof metadata?.thoughtsTokenCount === "number") usage.reasoningTokens = thoughts;
  return usage;
}

/** A token count; a negative, non-finite or non-numeric one reads as 0. */
function count(value: unknown): number {
  return typeof value === "number" && Number.isFinite(value) && value > 0 ? value : 0;
}
