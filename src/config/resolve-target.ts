import type { ProviderInstanceConfig } from "../contract/provider.js";
import { type ConfigLocation, configErrorAt } from "./config-location.js";
import { suggestClosest } from "./suggest-closest.js";
import type { TargetConfig } from "./types.js";

/** Model-name prefixes that imply a provider type. */
const PREFIX_TYPES: ReadonlyArray<[RegExp, string]> = [
  [/^(gpt-|o[134](-|$))/, "openai"],
  [/^gemini-/, "google"],
  [/^claude-/, "anthropic"],
];

type Providers = Readonly<Record<string, ProviderInstanceConfig>>;

export interface TargetSpec {
  provider?: string;
  model: string;
  params: Record<string, unknown>;
  /** Pointer of the client or fallback entry, relative to the config. */
  pointer: string;
}

function listed(names: readonly string[]): string {
  return names.map((name) => `"${name}"`).join(", ");
}

function unknownProvider(spec: TargetSpec, providers: Providers, location: ConfigLocation): Error {
  const name = spec.provider ?? "";
  const names = Object.keys(providers);
  const closest = suggestClosest(name, names);
  const fix = names.length
    ? `${closest ? `did you mean "${closest}"? ` : ""}use one of the providers defined under "providers": ${names.join(", ")}`
    : `define it under "providers", e.g. "${name}": { "type": "openai" }`;
  return configErrorAt(location, `${spec.pointer}/provider`, `unknown provider "${name}"`, fix);
}

/** The instance serving a provider type: the one named as the type, else the only one of it. */
function instanceOfType(
  type: string,
  spec: TargetSpec,
  providers: Providers,
  location: ConfigLocation,
): string {
  if (Object.hasOwn(providers, type) && providers[type].type === type) return type;
  const candidates = Object.keys(providers).filter((name) => providers[name].type === type);
  if (candidates.length === 1) return candidates[0];
  const pointer = `${spec.pointer}/model`;
  if (candidates.length === 0) {
    const fix = `add "${type}": { "type": "${type}" } under "providers" (and "${type}" under "plugins"), or set "provider" to the instance that serves it`;
    throw configErrorAt(
      location,
      pointer,
      `model "${spec.model}" needs a provider of type "${type}", and none is defined`,
      fix,
    );
  }
  const message = `model "${spec.model}" could be served by several "${type}" providers (${listed(candidates)})`;
  const fix = `add "provider": "${candidates[0]}" (or another of them) next to the model`;
  throw configErrorAt(location, pointer, message, fix);
}

function found(spec: TargetSpec, provider: string, model: string, providers: Providers): TargetConfig {
  return {
    provider,
    providerType: providers[provider].type,
    model,
    params: spec.params,
    pointer: spec.pointer,
  };
}

/**
 * Which provider instance serves a target: the explicit `provider`; else `<instance>/<model>` when
 * the part before the first "/" is an instance (so `meta-llama/llama-3` stays a model id when
 * no instance is named `meta-llama`); else the model's prefix (gpt-, o1-, o3-, o4-: openai;
 * gemini-: google; claude-: anthropic). Anything else is a ConfigError with the fix.
 */
export function resolveTarget(
  spec: TargetSpec,
  providers: Providers,
  location: ConfigLocation,
): TargetConfig {
  if (spec.provider !== undefined) {
    if (!Object.hasOwn(providers, spec.provider)) throw unknownProvider(spec, providers, location);
    return found(spec, spec.provider, spec.model, providers);
  }
  const slash = spec.model.indexOf("/");
  const instance = spec.model.slice(0, slash);
  if (slash > 0 && Object.hasOwn(providers, instance)) {
    const model = spec.model.slice(slash + 1);
    if (model) return found(spec, instance, model, providers);
    const fix = `write the model after the slash, e.g. "${instance}/llama3.1"`;
    throw configErrorAt(location, `${spec.pointer}/model`, `no model after "${instance}/"`, fix);
  }
  const type = PREFIX_TYPES.find(([prefix]) => prefix.test(spec.model))?.[1];
  if (type) return found(spec, instanceOfType(type, spec, providers, location), spec.model, providers);
  const names = Object.keys(providers);
  const fix = names.length
    ? `add "provider" with one of ${listed(names)}, or write the model as "<provider>/${spec.model}"`
    : `define a provider under "providers" and name it with "provider"`;
  throw configErrorAt(
    location,
    `${spec.pointer}/model`,
    `cannot tell which provider serves model "${spec.model}"`,
    fix,
  );
}
