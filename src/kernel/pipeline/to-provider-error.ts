import type { Target } from "../../contract/request.js";
import { isLLMError } from "../../errors/llm-error.js";
import { LLMProviderError } from "../../errors/provider-errors.js";
import { refusalIn } from "../../http/response-refusal.js";
import type { RequestScope } from "./request-scope.js";

/**
 * Whatever a provider call threw, as a typed LLMProviderError. A stopped scope wins over the
 * plugin's own mapping: the kernel alone knows whether the caller aborted or the deadline passed;
 * so does a refusal of the runtime's fetch guard (redirect, size cap) found in the cause chain.
 */
export function toProviderError(thrown: unknown, target: Target, scope: RequestScope): LLMProviderError {
  if (scope.stopped) return scope.stoppedError(target.provider, target.model);
  // What the runtime's fetch guard refused, however the SDK and the plugin wrapped it.
  const refusal = refusalIn(thrown);
  if (refusal) return refusal.toProviderError(target);
  if (thrown instanceof LLMProviderError || (isLLMError(thrown) && "retryable" in thrown)) {
    return thrown as LLMProviderError;
  }
  const reason = thrown instanceof Error ? thrown.message : String(thrown);
  return new LLMProviderError("provider_error", `the provider plugin threw an untyped error: ${reason}`, {
    provider: target.provider,
    model: target.model,
    cause: thrown,
    fix: `report this to the author of the "${target.providerType}" provider plugin; it should throw LLMProviderError subclasses`,
  });
}
