type AnthropicSdkModule = typeof import("@anthropic-ai/sdk");

/**
 * The error @anthropic-ai/sdk 1.14's stream reader throws for an `event: error` sent after HTTP
 * 200 (such as `overloaded_error`), built the same way: an APIError without status whose body is
 * the event's data as JSON (its text when it is not JSON) and whose type is that body's
 * `error.type`. The plugin reads the body itself, and `mapAnthropicError` then classifies this
 * error exactly as it classified the SDK's.
 */
export function anthropicErrorEvent(
  sdkModule: Pick<AnthropicSdkModule, "APIError">,
  data: string,
  headers: Headers,
): Error {
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    parsed = undefined;
  }
  const body = (parsed ?? data) as { error?: { type?: unknown } };
  const type = body?.error?.type as ConstructorParameters<AnthropicSdkModule["APIError"]>[4];
  return new sdkModule.APIError(undefined, body, undefined, headers, type);
}
