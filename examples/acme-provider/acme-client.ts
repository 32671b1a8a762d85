import {
  type LLMOutput,
  LLMProviderError,
  type LLMRequest,
  type ProviderClient,
  type RequestContext,
} from "../../src/index.js";
import {
  type AcmeInstanceConfig,
  DEFAULT_ACME_BASE_URL,
  DEFAULT_ACME_TIMEOUT_MS,
} from "./acme-instance-config.js";
import { convertToAcmeRequest } from "./convert-to-acme-request.js";
import { mapAcmeFetchFailure, mapAcmeHttpError } from "./map-acme-error.js";
import { isAcmeResponse, mapAcmeResponse } from "./map-acme-response.js";

/** The I/O edge of the client, injectable for tests and embedders. */
export interface AcmeClientDependencies {
  fetch: typeof fetch;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

type Answer =
  | { ok: true; response: Response; text: string }
  | { ok: false; thrown: unknown; why: "aborted" | "timeout" | "network" };

/** Sends one request and reads the whole answer, within the instance's per-attempt timeout. */
async function post(
  url: string,
  init: RequestInit,
  timeoutMs: number,
  context: RequestContext,
  fetch: typeof globalThis.fetch,
): Promise<Answer> {
  const attempt = new AbortController();
  const timer = setTimeout(() => attempt.abort(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  // context.signal aborts on the caller's signal and at the request's deadline.
  const stop = () => attempt.abort(context.signal.reason);
  context.signal.addEventListener("abort", stop, { once: true });
  try {
    const response = await fetch(url, { ...init, signal: attempt.signal });
    return { ok: true, response, text: await response.text() };
  } catch (thrown) {
    const why = context.signal.aborted ? "aborted" : attempt.signal.aborted ? "timeout" : "network";
    return { ok: false, thrown, why };
  } finally {
    clearTimeout(timer);
    context.signal.removeEventListener("abort", stop);
  }
}

/**
 * The ProviderClient of one `acme` instance: `POST <baseURL>/v1/chat` with the key in `x-api-key`.
 * It never retries (the retry plugin owns retrying) and throws only LLMProviderError subclasses.
 */
export function createAcmeProviderClient(
  instance: AcmeInstanceConfig,
  dependencies: AcmeClientDependencies,
): ProviderClient {
  const url = `${(instance.baseURL ?? DEFAULT_ACME_BASE_URL).replace(/\/+$/, "")}/v1/chat`;
  const timeoutMs = instance.timeoutMs ?? DEFAULT_ACME_TIMEOUT_MS;
  const headers = { "content-type": "application/json", "x-api-key": instance.apiKey ?? "" };

  async function generate(request: LLMRequest, context: RequestContext): Promise<LLMOutput> {
    const target = { provider: request.provider, model: request.model };
    const body = JSON.stringify(convertToAcmeRequest(request));
    const answer = await post(url, { method: "POST", headers, body }, timeoutMs, context, dependencies.fetch);
    if (!answer.ok) throw mapAcmeFetchFailure(answer.thrown, target, answer.why);
    const { response, text } = answer;
    const json = parseJson(text);
    if (!response.ok) throw mapAcmeHttpError(response.status, json, response.headers, target);
    if (!isAcmeResponse(json)) {
      // Never an empty success, and never the body's bytes in the message.
      throw new LLMProviderError("provider_error", "Acme answered 200 without a chat reply", {
        ...target,
        status: response.status,
        fix: "check that baseURL points at the Acme API root (without /v1)",
      });
    }
    return mapAcmeResponse(json, target);
  }

  return { generate };
}
