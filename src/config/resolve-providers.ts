import type { ProviderInstanceConfig } from "../contract/provider.js";
import { isScrubbableSecret } from "../logging/scrub-secrets.js";
import { type ConfigLocation, configErrorAt } from "./config-location.js";
import { escapePointerToken } from "./describe-schema-errors.js";
import type { RawProvider } from "./raw-config.js";

function checkInstance(name: string, entry: RawProvider, location: ConfigLocation): void {
  const pointer = `/providers/${escapePointerToken(name)}`;
  if (entry.apiKey === "") {
    throw configErrorAt(
      location,
      `${pointer}/apiKey`,
      "apiKey is empty (its environment variable is set to an empty string)",
      "set the variable to the key, or remove apiKey to take the key from the provider's default variable",
    );
  }
  // Checked after interpolation; the URL is not quoted since a key may sit in its query.
  if (entry.baseURL !== undefined && !URL.canParse(entry.baseURL)) {
    throw configErrorAt(
      location,
      `${pointer}/baseURL`,
      "baseURL is not an absolute URL",
      'write it with its scheme and host, e.g. "http://127.0.0.1:11434/v1"',
    );
  }
}

/** Each provider entry with its name; `name` comes from the key under "providers". */
export function resolveProviders(
  raw: Readonly<Record<string, RawProvider>>,
  location: ConfigLocation,
): Record<string, ProviderInstanceConfig> {
  const providers: Record<string, ProviderInstanceConfig> = {};
  for (const [name, entry] of Object.entries(raw)) {
    checkInstance(name, entry, location);
    providers[name] = { ...entry, name };
  }
  return providers;
}

/** Every secret value the providers hold: API keys and header values, at least one character. */
export function collectSecrets(providers: Readonly<Record<string, ProviderInstanceConfig>>): string[] {
  const secrets = new Set<string>();
  for (const provider of Object.values(providers)) {
    if (isScrubbableSecret(provider.apiKey, provider)) secrets.add(provider.apiKey);
    const headers = provider.headers as Record<string, unknown> | undefined;
    for (const value of Object.values(headers ?? {}))
      if (isScrubbableSecret(value, provider)) secrets.add(value);
  }
  return [...secrets];
}
