/**
 * The JSON Schema of a provider instance's `timeoutMs`, for a provider plugin's `instanceSchema`:
 * every built-in provider reads it the same way (a whole non-streaming call, body included, and
 * the response head of a stream; `limitAttempt` in llm-runtime/provider-utils does the work), so
 * they share this one definition and its text in docs/configuration.md.
 */
export const INSTANCE_TIMEOUT_MS_SCHEMA = {
  type: "integer",
  minimum: 1,
  description:
    "Per-attempt timeout in milliseconds: a whole non-streaming call, body included; for a stream, the wait for the response head (the client's idleTimeoutMs and deadline bound the body).",
} as const;
