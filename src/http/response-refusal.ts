import { LLMProviderError, ResponseTooLargeError } from "../errors/provider-errors.js";

/** What the runtime refused to read from a provider's answer. */
export type RefusalKind = "too_large" | "event_too_large" | "redirect";

/**
 * Raised where a response is read (the runtime's fetch guard, the SSE decoder), which know neither
 * the provider instance nor the model. An SDK wraps it as the cause of its own connection error and
 * a plugin maps that as it would any failure; the kernel finds it in the cause chain
 * (`refusalIn`) and reports the typed error it stands for, whatever the plugin made of it.
 */
export class ResponseRefusal extends Error {
  constructor(
    readonly kind: RefusalKind,
    message: string,
    readonly details: { limitBytes?: number; status?: number } = {},
  ) {
    super(message);
    this.name = "ResponseRefusal";
  }

  toProviderError(target: { provider: string; model: string }): LLMProviderError {
    const { provider, model } = target;
    if (this.kind === "redirect") {
      return new LLMProviderError("provider_error", this.message, {
        provider,
        model,
        status: this.details.status,
        providerCode: "redirect_refused",
        cause: this,
        fix: "set the provider's baseURL to the address the server redirects to, if you trust that server",
      });
    }
    return new ResponseTooLargeError(this.message, {
      provider,
      model,
      limitBytes: this.details.limitBytes ?? 0,
      cause: this,
    });
  }
}

/** The refusal behind `error`, looked for along its cause chain (SDKs wrap what fetch threw). */
export function refusalIn(error: unknown): ResponseRefusal | undefined {
  let current = error;
  for (let depth = 0; depth < 8 && typeof current === "object" && current !== null; depth++) {
    if (current instanceof ResponseRefusal) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
