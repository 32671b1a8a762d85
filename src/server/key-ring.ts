import { createHash } from "node:crypto";
import type { ServerKeyConfig } from "../config/types.js";
import { OpenAIHttpError } from "./openai-error.js";

/** The caller a request was authenticated as; `undefined` key when the gateway has no keys. */
export interface Caller {
  key?: ServerKeyConfig;
}

const BEARER = /^Bearer\s+(\S+)\s*$/i;

const unauthorized = (message: string) =>
  new OpenAIHttpError({ status: 401, type: "invalid_request_error", code: "invalid_api_key", message });

/**
 * The gateway's virtual keys, found by the SHA-256 of the presented key: the gateway never holds a
 * plain key, and a lookup by hash reveals nothing about how close a wrong key came.
 */
export class KeyRing {
  private readonly byHash = new Map<string, ServerKeyConfig>();

  constructor(keys: readonly ServerKeyConfig[]) {
    for (const key of keys) this.byHash.set(key.sha256, key);
  }

  /** Whether callers must present a key. */
  get required(): boolean {
    return this.byHash.size > 0;
  }

  /** The caller of an `Authorization` header; a 401 (naming no key) when it is missing or unknown. */
  authenticate(authorization: string | undefined): Caller {
    if (!this.required) return {};
    const match = authorization === undefined ? null : BEARER.exec(authorization);
    if (!match) {
      throw unauthorized(
        'no API key was sent (fix: send "Authorization: Bearer <key>"; the OpenAI SDKs do it from apiKey)',
      );
    }
    const key = this.byHash.get(createHash("sha256").update(match[1], "utf8").digest("hex"));
    if (!key)
      throw unauthorized("the API key is not valid (fix: use a key listed in the gateway's server.keys)");
    return { key };
  }

  /** Whether the caller may call that client. */
  static allows(caller: Caller, client: string): boolean {
    return (
      caller.key === undefined || caller.key.clients.includes("*") || caller.key.clients.includes(client)
    );
  }
}
