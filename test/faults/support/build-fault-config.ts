import type { FakeServer } from "../../../src/testing/index.js";
import type { Canaries } from "./canary-keys.js";
import { faultProvider, type ProviderName } from "./fault-providers.js";

/** A target of the client's chain: an instance name (`openai`, `google-backup`) or one with a model. */
export type TargetSpec = string | { instance: string; model?: string; params?: Record<string, unknown> };

export interface RuntimeSpec {
  /** Primary first. An instance `<provider>-backup` is the same fake server under the backup key. */
  chain: TargetSpec[];
  /** Behaviour plugins, after the provider plugins and debug-dump. */
  plugins?: unknown[];
  timeoutMs?: number;
  idleTimeoutMs?: number;
  params?: Record<string, unknown>;
  /** Extra keys per instance name (`timeoutMs`, `headers`, `baseURL`). */
  instances?: Record<string, Record<string, unknown>>;
  /** Options of the debug-dump plugin loaded in every runtime (the directory is the test's own). */
  dump?: Record<string, unknown>;
  maxAttemptsPerRequest?: number;
}

/** What the config points at: the test's fake servers, keys and dump folder. */
export interface FaultEnvironment {
  readonly servers: Record<ProviderName, FakeServer>;
  readonly canaries: Canaries;
  readonly dumpDirectory: string;
}

function splitInstance(instance: string): { provider: ProviderName; backup: boolean } {
  const [provider, suffix] = instance.split("-") as [ProviderName, string | undefined];
  return { provider: faultProvider(provider).name, backup: suffix === "backup" };
}

/**
 * An inline config for `spec`: one provider instance per instance the chain names (on the
 * provider's fake server, with its canary key, or the backup key for `<provider>-backup`), the
 * provider plugins it needs, debug-dump writing into the test's folder, then the row's plugins.
 */
export function buildFaultConfig(spec: RuntimeSpec, environment: FaultEnvironment): Record<string, unknown> {
  const targets = spec.chain.map((target) => (typeof target === "string" ? { instance: target } : target));
  const instances = [...new Set(targets.map((target) => target.instance))];
  const providers = Object.fromEntries(
    instances.map((instance) => {
      const { provider, backup } = splitInstance(instance);
      const key = backup ? environment.canaries.backup : environment.canaries[provider];
      const server = environment.servers[provider];
      return [instance, faultProvider(provider).instance(server, key, spec.instances?.[instance])];
    }),
  );
  const providerPlugins = [...new Set(instances.map((instance) => splitInstance(instance).provider))];
  const toTarget = (target: (typeof targets)[number]) => ({
    provider: target.instance,
    model: target.model ?? faultProvider(splitInstance(target.instance).provider).model,
    ...(target.params ? { params: target.params } : {}),
  });
  const [primary, ...rest] = targets;
  return {
    plugins: [
      ...providerPlugins,
      { use: "debug-dump", options: { directory: environment.dumpDirectory, ...spec.dump } },
      ...(spec.plugins ?? []),
    ],
    providers,
    clients: {
      default: {
        ...toTarget(primary),
        ...(spec.params ? { params: spec.params } : {}),
        ...(spec.timeoutMs ? { timeoutMs: spec.timeoutMs } : {}),
        ...(spec.idleTimeoutMs ? { idleTimeoutMs: spec.idleTimeoutMs } : {}),
        fallbacks: rest.map(toTarget),
      },
    },
  };
}
