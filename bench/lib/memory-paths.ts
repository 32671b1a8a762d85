/**
 * The request paths the memory benchmark drives 100,000 times each, with the default plugins: on
 * the scripted provider, success, a retry that fires (then the request fails), a fallback that
 * fires (then the backup answers), an abort and a failure; on the real openai plugin with the canned
 * fetch, success, an abort in flight and a failure. `openai:retry` (first attempt 503, retry 200)
 * also exists but is left out of the run: it alone takes a minute here.
 */
import type { ScriptedProviderClient } from "../../plugins/scripted/index.js";
import type { ChatMessage, Runtime } from "../../src/index.js";
import { jsonResponse, pendingUntilAborted, type Responder, setResponder } from "./canned-fetch.js";
import { cannedReplies } from "./canned-replies.js";

export type PathName = "success" | "retry" | "fallback" | "abort" | "failure";
export type PathProvider = "scripted" | "openai";

export const PATHS: Record<PathProvider, PathName[]> = {
  scripted: ["success", "retry", "fallback", "abort", "failure"],
  openai: ["success", "abort", "failure"],
};

/** A retry waits 1 ms (the sleep path runs), once per target; fallback on the default kinds. */
const RETRY = { use: "retry", options: { maxRetries: 1, initialDelayMs: 1, jitter: 0 } };
const BEHAVIOUR = [RETRY, "fallback", "id-translation", "debug-dump"];

const SCRIPTED_RULES: Record<PathName, object[]> = {
  success: [{ reply: { text: "ok" } }],
  // Retried once, then the request fails: this path's client has no fallback.
  retry: [{ error: { kind: "provider_unavailable", status: 503 } }],
  // Not retried (a spent quota), so the chain moves on to the backup, which answers.
  fallback: [{ error: { kind: "quota_exhausted", status: 429 } }],
  abort: [{ delayMs: 60_000, reply: { text: "too late" } }],
  failure: [{ error: { kind: "invalid_request", status: 400 } }],
};

export function memoryConfig(provider: PathProvider, path: PathName) {
  if (provider === "openai") {
    return {
      plugins: ["openai", ...BEHAVIOUR],
      providers: { openai: { type: "openai", apiKey: "sk-bench-memory" } },
      clients: { default: { provider: "openai", model: "gpt-4o" } },
    };
  }
  return {
    plugins: ["scripted", ...BEHAVIOUR],
    providers: {
      primary: { type: "scripted", rules: SCRIPTED_RULES[path] },
      backup: { type: "scripted", rules: SCRIPTED_RULES.success },
    },
    clients: {
      default: {
        provider: "primary",
        model: "scripted-1",
        fallbacks: path === "retry" ? [] : [{ provider: "backup", model: "scripted-2" }],
      },
    },
  };
}

/**
 * Each request's first attempt gets `first`, its retry `then`. Requests are told apart by their
 * last message (`request <n>`); only requests in flight are remembered.
 */
function firstAttemptFails(first: () => Response, then: () => Response): Responder {
  const failedOnce = new Set<string>();
  return (_, init) => {
    const body = String(init?.body);
    const key = body.slice(body.lastIndexOf("request "));
    if (failedOnce.delete(key)) return then();
    failedOnce.add(key);
    return first();
  };
}

/** Points the canned fetch at the path's answer (openai only). */
export function answerFor(path: PathName): void {
  const ok = cannedReplies("openai").text.text;
  const refusal = JSON.stringify({
    error: { message: "bad request", type: "invalid_request_error", param: null, code: null },
  });
  const overloaded = JSON.stringify({
    error: { message: "overloaded", type: "server_error", param: null, code: null },
  });
  if (path === "abort") setResponder((_, init) => pendingUntilAborted(init));
  else if (path === "failure") setResponder(() => jsonResponse(refusal, 400));
  else if (path === "retry")
    setResponder(
      firstAttemptFails(
        () => jsonResponse(overloaded, 503),
        () => jsonResponse(ok),
      ),
    );
  else setResponder(() => jsonResponse(ok));
}

/** One request of the path; resolves whatever the outcome (the outcome is what is being exercised). */
export function requestFor(runtime: Runtime, path: PathName): (index: number) => Promise<string> {
  const client = runtime.client();
  return async (index) => {
    const messages: ChatMessage[] = [{ role: "user", content: `request ${index}` }];
    const controller = path === "abort" ? new AbortController() : undefined;
    if (controller) setImmediate(() => controller.abort());
    try {
      const output = await client.generateResponse(messages, undefined, undefined, {
        signal: controller?.signal,
      });
      return `ok:${output.attempts.map((attempt) => attempt.decision ?? attempt.outcome).join(">")}`;
    } catch (error) {
      const attempts = (error as { attempts?: Array<{ decision?: string; outcome: string }> }).attempts ?? [];
      return `${(error as Error).name}:${attempts.map((attempt) => attempt.decision ?? attempt.outcome).join(">")}`;
    }
  };
}

/** The scripted provider records every request for tests; the benchmark empties that log. */
export function forgetScriptedRequests(runtime: Runtime, provider: PathProvider, path: PathName): void {
  if (provider !== "scripted") return;
  for (const name of path === "retry" ? ["primary"] : ["primary", "backup"]) {
    (runtime.providerClient(name) as ScriptedProviderClient).requests.length = 0;
  }
}
