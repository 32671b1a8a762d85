import type { RequestContext } from "../contract/request.js";

/**
 * The signal to give an SDK's own `signal` (or `abortSignal`) option for this request: the
 * kernel's light stand-in (`RequestContext.sdkSignal`) when there is one, else the context's
 * AbortSignal. openai, @anthropic-ai/sdk and @google/genai only read `aborted` and `reason` from it
 * and add an abort callback that stops a controller of their own, so the stand-in does for them
 * what an AbortSignal would, without the runtime making one. Typed as AbortSignal for the SDKs'
 * option types only: never hand it to `fetch` or `AbortSignal.any`.
 */
export function sdkSignalOf(context: RequestContext): AbortSignal {
  return (context.sdkSignal ?? context.signal) as AbortSignal;
}
