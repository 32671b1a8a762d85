import { fileURLToPath } from "node:url";
import type { ConformanceAdapter, RecordedRequest, WireView } from "../../../src/testing/index.js";
import type { AcmeRequestBody } from "../convert-to-acme-request.js";
import { acmeErrorReply, acmeReply, startAcmeFakeServer } from "./acme-fake-server.js";

/** The plugin by absolute path, so the config works from any working folder. */
const ACME_PLUGIN = fileURLToPath(new URL("../index.ts", import.meta.url));

/** What a request carried, read back from Acme's wire format. */
function readAcmeWire(request: RecordedRequest): WireView {
  const body = request.body as AcmeRequestBody;
  const view: WireView = { texts: [], toolCalls: [], toolResults: [], images: [], tools: [] };
  if (body.system) view.texts.push(body.system);
  for (const turn of body.turns) {
    if (turn.from === "tool") {
      view.toolResults.push({ id: turn.answers, content: turn.text ?? "" });
      continue;
    }
    if (turn.text) view.texts.push(turn.text);
    for (const file of turn.attachments ?? []) view.images.push({ mimeType: file.mime, base64: file.data });
    for (const call of turn.calls ?? []) {
      view.toolCalls.push({ id: call.id, name: call.tool, arguments: call.input });
    }
  }
  view.tools = (body.tools ?? []).map((tool) => tool.name);
  return view;
}

/** The Acme plugin against its fake server, for `defineProviderConformanceSuite`. */
export const acmeConformanceAdapter: ConformanceAdapter = {
  name: "acme",
  startServer: startAcmeFakeServer,
  createConfig: (server, { apiKey, timeoutMs }) => ({
    plugins: [ACME_PLUGIN],
    providers: {
      acme: { type: "acme", apiKey, baseURL: server.url, ...(timeoutMs ? { timeoutMs } : {}) },
    },
    clients: { default: { provider: "acme", model: "acme-large" } },
  }),
  textReply: (text, usage) =>
    acmeReply({ text, tokens: { in: usage.promptTokens, out: usage.completionTokens } }),
  expectedUsage: ({ promptTokens, completionTokens }) => ({
    promptTokens,
    completionTokens,
    totalTokens: promptTokens + completionTokens,
  }),
  toolCallReply: (calls) =>
    acmeReply({ calls: calls.map((call) => ({ id: call.id, tool: call.name, input: call.arguments })) }),
  unknownFinishReasonReply: (text) => acmeReply({ text, stop: "a_reason_from_the_future" }),
  errorCase: (kind, apiKey) => {
    switch (kind) {
      case "rate_limit":
        return {
          reply: acmeErrorReply(429, "rate_limited", "slow down", {
            "retry-after": "2",
            "x-request-id": "req_1",
          }),
          retryAfterMs: 2000,
          requestId: "req_1",
        };
      case "quota_exhausted":
        return { reply: acmeErrorReply(429, "no_credit", "your credit is used up") };
      case "authentication":
        // Acme echoes the key it was given: the kernel must scrub it from the error.
        return { reply: acmeErrorReply(401, "bad_key", `key ${apiKey} is not valid`) };
      case "model_not_found":
        return { reply: acmeErrorReply(404, "unknown_model", "no model acme-large") };
      case "context_length":
        return { reply: acmeErrorReply(400, "too_long", "the conversation exceeds 8192 tokens") };
      case "invalid_request":
        return { reply: acmeErrorReply(400, "bad_request", "temperature must be at most 2") };
      case "provider_unavailable":
        return { reply: acmeErrorReply(503, "overloaded", "try again soon") };
    }
  },
  readWire: readAcmeWire,
  sentApiKey: (request) => request.headers["x-api-key"],
};
