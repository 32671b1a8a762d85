/** A dump document and its text, at most the configured number of bytes. */
export interface SizedDump {
  document: Record<string, unknown>;
  text: string;
}

function serialize(document: Record<string, unknown>): SizedDump {
  return { document, text: `${JSON.stringify(document, null, 2)}\n` };
}

function fits(dump: SizedDump, maxBytes: number): boolean {
  return Buffer.byteLength(dump.text, "utf8") <= maxBytes;
}

function withoutConversation(document: Record<string, unknown>): Record<string, unknown> {
  const request = document.request as Record<string, unknown> | null;
  if (!request) return { ...document, truncated: "over maxBytes" };
  const messages = Array.isArray(request.messages) ? request.messages.length : 0;
  const tools = Array.isArray(request.tools)
    ? request.tools.map((tool) => (tool as { function?: { name?: unknown } })?.function?.name ?? null)
    : request.tools;
  return {
    ...document,
    request: { ...request, messages: `[omitted: ${messages} messages]`, tools },
    truncated: "messages and tool definitions left out: the dump was over maxBytes",
  };
}

function pick(value: unknown, keys: readonly string[]): Record<string, unknown> {
  const source = (typeof value === "object" && value !== null ? value : {}) as Record<string, unknown>;
  return Object.fromEntries(keys.map((key) => [key, source[key]]));
}

function essentials(document: Record<string, unknown>, messageLength: number, attempts: number) {
  const error = { ...(document.error as Record<string, unknown>) };
  if (typeof error.message === "string") error.message = error.message.slice(0, messageLength);
  const list = Array.isArray(document.attempts) ? document.attempts.slice(-attempts) : [];
  return {
    kind: document.kind,
    version: document.version,
    requestId: document.requestId,
    client: document.client,
    failedAt: document.failedAt,
    failedTarget: pick(document.failedTarget, ["provider", "providerType", "model", "targetIndex"]),
    attempts: list.map((attempt) => ({ ...(attempt as object), error: undefined })),
    error,
    truncated: `only the error and the last ${attempts} attempts kept: the dump was over maxBytes`,
  };
}

/**
 * The dump as indented JSON text of at most `maxBytes` bytes: whole when it fits; else without
 * the conversation; else only the error and the last attempts, shorter and shorter. Every step is
 * still valid JSON and says in `truncated` what it lost. `maxBytes` is at least 4096 (the schema's
 * minimum), which the last step always fits.
 */
export function limitDumpSize(document: Record<string, unknown>, maxBytes: number): SizedDump {
  const shorter = [
    () => withoutConversation(document),
    () => essentials(document, 2000, 20),
    () => essentials(document, 200, 3),
  ];
  let dump = serialize(document);
  for (const next of shorter) {
    if (fits(dump, maxBytes)) return dump;
    dump = serialize(next());
  }
  return dump;
}
