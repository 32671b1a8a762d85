import type { ProviderInstanceConfig } from "../contract/provider.js";
import { DEFAULT_CLIENT_TIMEOUT_MS, DEFAULT_IDLE_TIMEOUT_MS } from "./config-defaults.js";
import type { ConfigLocation } from "./config-location.js";
import { escapePointerToken } from "./describe-schema-errors.js";
import type { RawClient, RawTarget } from "./raw-config.js";
import { resolveTarget } from "./resolve-target.js";
import type { ClientConfig } from "./types.js";

/**
 * Each client's chain, the primary first: every target's provider resolved, and each fallback's
 * params merged (shallowly) over the client's, and its `providerParams` of its own type likewise.
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
    const entries = [client, ...(client.fallbacks ?? [])];
    const targets = [primary, ...fallbacks].map((target, index) => {
      const providerParams = mergeProviderParams(
        target.providerType,
        client,
        index > 0 ? entries[index] : {},
      );
      return {
        ...target,
        ...(providerParams ? { providerParams } : {}),
        pointer: `${location.pointerPrefix}${target.pointer}`,
      };
    });
    clients[name] = {
      name,
      timeoutMs: client.timeoutMs ?? DEFAULT_CLIENT_TIMEOUT_MS,
      idleTimeoutMs: client.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS,
      targets,
    };
  }
  return clients;
}

/** `providerParams[type]` of the client with the fallback entry's merged over it; undefined when neither sets it. */
function mergeProviderParams(
  type: string,
  client: Pick<RawTarget, "providerParams">,
  entry: Pick<RawTarget, "providerParams">,
): Record<string, unknown> | undefined {
  const base = client.providerParams?.[type];
  const own = entry.providerParams?.[type];
  if (base === undefined && own === undefined) return undefined;
  return { ...base, ...own };
}
