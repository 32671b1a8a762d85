import type { ResolvedConfig, TargetConfig } from "../config/types.js";
import { REDACTED } from "../logging/redact-secret-keys.js";
import { createSecretScrubber } from "../logging/scrub-secrets.js";

/** What stands in for a secret in config check's output. */
export const MASK = "****";

/** Environment variables whose values are treated as secrets in config check's output. */
const SECRET_VARIABLE = /KEY|TOKEN|SECRET|PASSWORD|CREDENTIAL/i;

/** A base URL without credentials or query, where a key may hide (`?key=` for Google REST). */
export function safeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = "";
    parsed.password = "";
    parsed.search = "";
    return parsed.href;
  } catch {
    return "(unparsable URL)";
  }
}

/**
 * Every secret config check must not print: the config's own (API keys, header values) and the
 * values of credential-like environment variables, which a client's params can hold through
 * `${VAR}` and which the providers read when the config names no key.
 */
function knownSecrets(config: ResolvedConfig, env: Record<string, string | undefined>): string[] {
  const fromEnv = Object.entries(env)
    .filter(([name, value]) => SECRET_VARIABLE.test(name) && value)
    .map(([, value]) => value as string);
  return [...config.secrets, ...fromEnv];
}

/** A function masking every secret config check knows of in a text (see knownSecrets). */
export function secretMasker(
  config: ResolvedConfig,
  env: Record<string, string | undefined>,
): (text: string) => string {
  const scrub = createSecretScrubber(knownSecrets(config, env));
  return (text) => scrub(text).replaceAll(REDACTED, MASK);
}

/** The value with `mask` applied to every string inside it. */
function maskDeep(value: unknown, mask: (text: string) => string): unknown {
  if (typeof value === "string") return mask(value);
  if (Array.isArray(value)) return value.map((item) => maskDeep(item, mask));
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, maskDeep(item, mask)]));
  }
  return value;
}

/**
 * The resolved config as `config check --json` prints it: the file, the plugins, each provider
 * instance (whether a key is set, never its value) and each client's chain with its merged params
 * and the shared params its provider leaves out (`dropped`), every known secret masked.
 */
export function describeConfig(
  config: ResolvedConfig,
  env: Record<string, string | undefined>,
  dropped: ReadonlyMap<TargetConfig, string[]>,
) {
  const providers = Object.fromEntries(
    Object.entries(config.providers).map(([name, instance]) => [
      name,
      {
        type: instance.type,
        baseURL: instance.baseURL === undefined ? undefined : safeUrl(instance.baseURL),
        apiKey: instance.apiKey ? MASK : "from the environment (or none needed)",
        timeoutMs: instance.timeoutMs,
      },
    ]),
  );
  const clients = Object.fromEntries(
    Object.values(config.clients).map((client) => [
      client.name,
      {
        timeoutMs: client.timeoutMs,
        idleTimeoutMs: client.idleTimeoutMs,
        chain: client.targets.map((target, index) => ({
          role: index === 0 ? "primary" : `fallback ${index}`,
          provider: target.provider,
          providerType: target.providerType,
          model: target.model,
          params: target.params,
          ...(target.providerParams ? { providerParams: target.providerParams } : {}),
          leavesOut: dropped.get(target) ?? [],
        })),
      },
    ]),
  );
  const description = {
    valid: true,
    config: config.file ?? null,
    isDefault: config.isDefault,
    plugins: config.plugins.map((plugin) => plugin.use),
    providers,
    clients,
  };
  return maskDeep(description, secretMasker(config, env));
}
