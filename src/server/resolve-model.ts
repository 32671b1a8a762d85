import type { Runtime } from "../kernel/create-runtime.js";
import type { LLMClient } from "../kernel/llm-client.js";
import { type Caller, KeyRing } from "./key-ring.js";
import { OpenAIHttpError } from "./openai-error.js";

/** The client (and the model pinned inside it, if any) a request's `model` names. */
export interface ResolvedModel {
  client: LLMClient;
  /** The client's name: a label safe for metrics, since it comes from the config. */
  clientName: string;
}

function notFound(): OpenAIHttpError {
  // Worded as OpenAI words it: the same answer whether the model is missing or merely not allowed,
  // so a key cannot probe which clients exist.
  return new OpenAIHttpError({
    status: 404,
    type: "invalid_request_error",
    code: "model_not_found",
    param: "/model",
    message:
      "the model does not exist or this key may not use it (fix: GET /v1/models lists the models this key may use; pin one of a client's models as <client>/<model>)",
  });
}

/**
 * `model` is a client of the config (`default`), or `<client>/<model>` to pin one model of that
 * client's chain (no fallback to the others). A client whose own name holds a "/" wins over a pin.
 */
export function resolveModel(runtime: Runtime, caller: Caller, model: string): ResolvedModel {
  const names = runtime.clientNames();
  let clientName = model;
  let pin: string | undefined;
  if (!names.includes(model)) {
    const slash = model.indexOf("/");
    if (slash <= 0) throw notFound();
    clientName = model.slice(0, slash);
    pin = model.slice(slash + 1);
    if (!names.includes(clientName)) throw notFound();
  }
  if (!KeyRing.allows(caller, clientName)) throw notFound();
  const client = runtime.client(clientName);
  if (pin === undefined) return { client, clientName };
  const pinned = client.pinned(pin);
  if (!pinned) throw notFound();
  return { client: pinned, clientName };
}
