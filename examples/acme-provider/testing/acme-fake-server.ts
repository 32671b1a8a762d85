/**
 * The Acme Chat API for the fake server of `llm-runtime/testing`: reply builders in Acme's shapes
 * and a validator that answers a request breaking Acme's rules the way Acme would.
 */
import {
  type FakeReply,
  type FakeServer,
  type RecordedRequest,
  startFakeServer,
} from "../../../src/testing/index.js";
import type { AcmeRequestBody } from "../convert-to-acme-request.js";

export const ACME_CHAT_PATH = "/v1/chat";

export interface AcmeReplySpec {
  text?: string | null;
  calls?: Array<{ id: string; tool: string; input: unknown }>;
  /** Default: `calls` when there are calls, else `done`. Any string is sent as is. */
  stop?: string;
  tokens?: { in: number; out: number };
}

/** A 200 answer to `POST /v1/chat`. */
export function acmeReply(spec: AcmeReplySpec): FakeReply {
  const calls = spec.calls ?? [];
  return {
    kind: "json",
    body: {
      id: "acme-fake-1",
      reply: { text: spec.text ?? null, calls },
      stop: spec.stop ?? (calls.length > 0 ? "calls" : "done"),
      tokens: spec.tokens ?? { in: 1, out: 1 },
    },
  };
}

/** An error as Acme sends it: a status, `{"error": {"kind", "message"}}`, optional headers. */
export function acmeErrorReply(
  status: number,
  kind: string,
  message: string,
  headers: Record<string, string> = {},
): FakeReply {
  return { kind: "json", status, headers, body: { error: { kind, message } } };
}

/** Acme's rules: its one path, a key, a model and turns, and every tool turn answering an earlier call. */
export function validateAcmeRequest(request: RecordedRequest): FakeReply | undefined {
  if (request.method !== "POST" || request.path !== ACME_CHAT_PATH) {
    return acmeErrorReply(404, "not_found", `no route ${request.method} ${request.path}`);
  }
  if (!request.headers["x-api-key"]) return acmeErrorReply(401, "bad_key", "missing x-api-key header");
  const body = request.body as Partial<AcmeRequestBody> | undefined;
  if (typeof body?.model !== "string" || !Array.isArray(body.turns) || body.turns.length === 0) {
    return acmeErrorReply(400, "bad_request", "model and turns are required");
  }
  const callIds = new Set<string>();
  for (const turn of body.turns) {
    for (const call of turn.calls ?? []) callIds.add(call.id);
    if (turn.from === "tool" && !callIds.has(turn.answers ?? "")) {
      return acmeErrorReply(400, "bad_request", "a tool turn answers no earlier call");
    }
  }
  return undefined;
}

export function startAcmeFakeServer(): Promise<FakeServer> {
  return startFakeServer({ validate: validateAcmeRequest });
}
