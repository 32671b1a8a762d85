import type { ProviderInstanceConfig } from "../contract/provider.js";
import { DEFAULT_CLIENT_TIMEOUT_MS, DEFAULT_IDLE_TIMEOUT_MS } from "./config-defaults.js";
import type { ConfigLocation } from "./config-location.js";
import { escapePointerToken } from "./describe-schema-errors.js";
import type { RawClient } from "./raw-config.js";
import { resolveTarget } from "./resolve-target.js";
import type { ClientConfig } from "./types.js";

/**
 * Each client's chain, the primary first: every target's provider resolved, and each fallback's
 * params merged (shallowly) over the client's.
 */
export function resolveClients(
  raw: Readonly<Record<string, RawClient>>,
  providers: Readonly<Record<string, ProviderInstanceConfig>>,
  location: ConfigLocation,
): Record<string, ClientConfig> {
  const clients: Record<string, ClientConfig> = {};
  for (const [name, client] of Object.entries(raw)) {
    const pointer = `/clients/${escapePointerToken(name)}`;
    const params = client.params ?? {};
    const primary = resolveTarget({ ...client, params, pointer }, providers, location);
    const fallbacks = (client.fallbacks ?? []).map((fallback, index) =>
      resolveTarget(
        { ...fallback, params: { ...params, ...fallback.params }, pointer: `${pointer}/fallbacks/${index}` },
        providers,
        location,
      ),
    );
    const targets = [primary, ...fallbacks].map((target) => ({
      ...target,
      pointer: `${location.pointerPrefix}${target.pointer}`,
    }));
    clients[name] = {
      name,
      timeoutMs: client.timeoutMs ?? DEFAULT_CLIENT_TIMEOUT_MS,
      idleTimeoutMs: client.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS,
      targets,
    };
  }
  return clients;
}
