import { createHash } from "node:crypto";
import { type ConfigLocation, configErrorAt } from "./config-location.js";
import type { RawServer } from "./raw-config.js";
import type { ServerConfig, ServerKeyConfig } from "./types.js";

/** Lowercase hex SHA-256 of a key, the only form of it the gateway keeps. */
export function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/**
 * The gateway's section with each key reduced to its hash and each key's clients checked against
 * the config's clients. The plain keys (from `${VAR}`) and the Redis URL are returned apart, for
 * secret scrubbing.
 */
export function resolveServer(
  raw: RawServer,
  clientNames: readonly string[],
  location: ConfigLocation,
): { server: ServerConfig; plainKeys: string[] } {
  const plainKeys: string[] = [];
  const seenNames = new Set<string>();
  const seenHashes = new Set<string>();
  const keys = (raw.keys ?? []).map((entry, index): ServerKeyConfig => {
    const pointer = `/server/keys/${index}`;
    if (seenNames.has(entry.name)) {
      throw configErrorAt(
        location,
        `${pointer}/name`,
        `two keys are named "${entry.name}"`,
        "give each key its own name",
      );
    }
    seenNames.add(entry.name);
    for (const [position, client] of entry.clients.entries()) {
      if (client !== "*" && !clientNames.includes(client)) {
        throw configErrorAt(
          location,
          `${pointer}/clients/${position}`,
          `key "${entry.name}" names client "${client}", which the config does not define`,
          clientNames.length
            ? `use one of: ${clientNames.join(", ")}, or "*"`
            : 'define the client under "clients"',
        );
      }
    }
    if (entry.key !== undefined) plainKeys.push(entry.key);
    const sha256 = entry.sha256 ?? sha256Hex(entry.key ?? "");
    if (seenHashes.has(sha256)) {
      throw configErrorAt(
        location,
        pointer,
        `key "${entry.name}" is the same key as another entry`,
        "give each caller its own key",
      );
    }
    seenHashes.add(sha256);
    const requestsPerMinute = entry.requestsPerMinute ?? raw.requestsPerMinute;
    return {
      name: entry.name,
      sha256,
      clients: Object.freeze([...entry.clients]),
      ...(requestsPerMinute === undefined ? {} : { requestsPerMinute }),
    };
  });
  const { keys: _written, ...limits } = raw;
  // A Redis URL may hold a password: scrubbed from logs like a key.
  if (raw.redisUrl !== undefined) plainKeys.push(raw.redisUrl);
  return { server: { ...limits, keys }, plainKeys };
}
