import type { Logger } from "pino";
import { loadConfig } from "../config/load-config.js";
import type { LoadConfigOptions, ResolvedConfig, ServerConfig } from "../config/types.js";
import type { ProviderClient } from "../contract/provider.js";
import type { Target } from "../contract/request.js";
import { ConfigError } from "../errors/loading-errors.js";
import { DEFAULT_MAX_EVENT_BYTES, DEFAULT_MAX_RESPONSE_BYTES, guardFetch } from "../http/guard-fetch.js";
import { createRootLogger } from "../logging/create-root-logger.js";
import { createSecretScrubber, followSecrets, scrubErrorInPlace } from "../logging/scrub-secrets.js";
import { adoptLogger } from "../logging/wrap-logger.js";
import { checkPluginSet } from "./check-plugin-set.js";
import { checkSharedParams } from "./check-shared-params.js";
import { createHooks } from "./hooks.js";
import { takePluginObjects } from "./inline-plugins.js";
import { LLMClient } from "./llm-client.js";
import { ProviderRegistry } from "./provider-registry.js";
import type { ClientPlan, PipelineEngine } from "./run-request.js";
import { REAL_EDGES, type RuntimeEdges } from "./runtime-edges.js";
import { setupPlugins } from "./setup-plugins.js";

export interface RuntimeOptions extends LoadConfigOptions, Partial<RuntimeEdges> {
  /** A pino logger to log through (a child with secret redaction is made); default: pino to stderr. */
  logger?: Logger;
  /** Upper bound on provider calls per request, whatever the hooks decide (default 16). */
  maxAttemptsPerRequest?: number;
  /** How long a plugin's setup may take, in milliseconds (default 10000). */
  pluginSetupTimeoutMs?: number;
  /**
   * The fetch every provider SDK uses (default: the global fetch, looked up at each call), for a
   * proxy agent, a test double or instrumentation. The runtime wraps it with its guard either way
   * (no redirects, size caps), so the SDKs never see it bare.
   */
  fetch?: typeof fetch;
  /** Largest decoded response body read from a provider, in bytes (default 64 MiB). */
  maxResponseBytes?: number;
  /** Largest single event of a provider's stream, in bytes (default 8 MiB). */
  maxEventBytes?: number;
  /**
   * By client name: a model to use instead of the one the client's primary target names (its
   * provider, params and fallbacks stay). `llm-runtime chat --model` sets it.
   */
  primaryModels?: Readonly<Record<string, string>>;
}

export interface Runtime {
  /** The client of that name in the config (default `default`). */
  client(name?: string): LLMClient;
  /** Names of the config's clients. */
  clientNames(): string[];
  /** The ProviderClient built for a provider instance (for inspection, e.g. the scripted provider's log). */
  providerClient(instanceName: string): ProviderClient;
  /** The config's `server` section (the gateway's keys, hashed, and limits), if it has one. */
  serverConfig(): ServerConfig | undefined;
  /** Releases what plugins and providers opened, in reverse load order. Safe to call twice. */
  close(): Promise<void>;
}

function toPlan(config: ResolvedConfig, name: string, primaryModel: string | undefined): ClientPlan {
  const client = config.clients[name];
  // Frozen, target by target: a tap that writes to context.chain cannot redirect later requests.
  const chain: Target[] = client.targets.map((target, index) => {
    const { provider, providerType, params, providerParams } = target;
    const model = index === 0 && primaryModel !== undefined ? primaryModel : target.model;
    return Object.freeze(
      providerParams
        ? { provider, providerType, model, params, providerParams }
        : { provider, providerType, model, params },
    );
  });
  // A target that is not the last, on an instance without its own timeoutMs, gets the default
  // per-attempt limit, so a provider that never answers cannot spend the fallbacks' time.
  const limitedTargets = chain.map(
    (target, index) => index < chain.length - 1 && config.providers[target.provider]?.timeoutMs === undefined,
  );
  return Object.freeze({
    name,
    chain: Object.freeze(chain),
    timeoutMs: client.timeoutMs,
    idleTimeoutMs: client.idleTimeoutMs,
    limitedTargets: Object.freeze(limitedTargets),
  });
}

function unknownClient(config: ResolvedConfig, name: string): ConfigError {
  const names = Object.keys(config.clients);
  if (config.isDefault && names.length === 0) {
    return new ConfigError("no config file was found and no provider API key is set", {
      fix: "create llm.config.json (see llm.config.example.json) or set OPENAI_API_KEY, GEMINI_API_KEY or ANTHROPIC_API_KEY",
    });
  }
  return new ConfigError(`no client named "${name}"`, {
    file: config.file,
    pointer: "/clients",
    fix: names.length ? `use one of: ${names.join(", ")}` : 'define a client under "clients"',
  });
}

/** Each primary-model override must name a client of the config and a model. */
function checkPrimaryModels(config: ResolvedConfig, primaryModels: Readonly<Record<string, string>>): void {
  for (const [name, model] of Object.entries(primaryModels)) {
    if (!Object.hasOwn(config.clients, name)) throw unknownClient(config, name);
    if (typeof model !== "string" || model.trim() === "") {
      throw new ConfigError(`the model given for client "${name}" is empty`, {
        fix: "name a model, e.g. gpt-4o-mini",
      });
    }
  }
}

/** A positive integer option, or its default; anything else is a ConfigError naming the option. */
function byteLimit(
  options: RuntimeOptions,
  key: "maxResponseBytes" | "maxEventBytes",
  fallback: number,
): number {
  const value = options[key];
  if (value === undefined) return fallback;
  if (Number.isSafeInteger(value) && value > 0) return value;
  throw new ConfigError(`createRuntime option ${key} must be a positive integer number of bytes`, {
    fix: `pass ${key} as a whole number of bytes, or leave it out for the default (${fallback})`,
  });
}

/** The fetch handed to every provider factory: the caller's (or the global one) under the runtime's guard. */
function guardedFetch(options: RuntimeOptions): typeof fetch {
  if (options.fetch !== undefined && typeof options.fetch !== "function") {
    throw new ConfigError("createRuntime option fetch must be a function", {
      fix: "pass a fetch-compatible function, or leave fetch out to use the global one",
    });
  }
  return guardFetch(options.fetch, {
    maxResponseBytes: byteLimit(options, "maxResponseBytes", DEFAULT_MAX_RESPONSE_BYTES),
    maxEventBytes: byteLimit(options, "maxEventBytes", DEFAULT_MAX_EVENT_BYTES),
  });
}

async function closeAll(closers: Array<() => void | Promise<void>>): Promise<void> {
  for (const close of closers.reverse()) await close();
}

/**
 * Finds and validates the config, loads the plugins it names, runs their setup, and builds the
 * provider clients that the config's clients use (and only those).
 */
export async function createRuntime(options: RuntimeOptions = {}): Promise<Runtime> {
  const env = options.env ?? process.env;
  const inline = takePluginObjects(options.config);
  const config = await loadConfig({ ...options, config: inline.config, env });
  const primaryModels = options.primaryModels ?? {};
  checkPrimaryModels(config, primaryModels);
  const secrets = [...config.secrets];
  const logger = options.logger
    ? adoptLogger(options.logger, secrets)
    : createRootLogger({ level: config.logging.level, secrets });
  const edges: RuntimeEdges = {
    now: options.now ?? REAL_EDGES.now,
    sleep: options.sleep ?? REAL_EDGES.sleep,
    random: options.random ?? REAL_EDGES.random,
  };
  const hooks = createHooks();
  const registry = new ProviderRegistry();
  const closers: Array<() => void | Promise<void>> = [];
  let providers: Map<string, ProviderClient>;
  try {
    const scrubSecrets = followSecrets(secrets);
    const { baseDir, pluginPathRoot } = config;
    const environment = {
      hooks,
      registry,
      logger,
      baseDir,
      pluginPathRoot,
      closers,
      scrubSecrets,
      edges,
    };
    const loaded = await setupPlugins(config.plugins, {
      ...environment,
      setupTimeoutMs: options.pluginSetupTimeoutMs ?? 10_000,
      inline: inline.objects,
    });
    checkPluginSet(config, loaded);
    registry.checkInstances(config);
    checkSharedParams(config, registry.nativeParams());
    const used = Object.values(config.clients).flatMap((client) =>
      client.targets.map((target) => target.provider),
    );
    providers = await registry.build(config, used, env, secrets, { fetch: guardedFetch(options) });
  } catch (error) {
    await closeAll(closers);
    // A plugin's error may quote its options, into which a key was interpolated.
    scrubErrorInPlace(error, createSecretScrubber(secrets));
    throw error;
  }
  for (const provider of providers.values()) if (provider.close) closers.push(() => provider.close?.());
  const scrub = createSecretScrubber(secrets);
  const engine: PipelineEngine = {
    hooks,
    providers,
    logger,
    maxAttempts: options.maxAttemptsPerRequest ?? 16,
    scrubError: (error) => scrubErrorInPlace(error, scrub),
    now: edges.now,
    // The built-in wait is the scope's own timer (cleared when the request stops); only an injected one is used.
    sleep: options.sleep,
  };
  const clients = new Map<string, LLMClient>();
  let closed = false;
  return {
    client(name = "default") {
      let client = clients.get(name);
      if (!client) {
        if (!Object.hasOwn(config.clients, name)) throw unknownClient(config, name);
        const primaryModel = Object.hasOwn(primaryModels, name) ? primaryModels[name] : undefined;
        client = new LLMClient(engine, toPlan(config, name, primaryModel), config.files);
        clients.set(name, client);
      }
      return client;
    },
    clientNames: () => Object.keys(config.clients),
    serverConfig: () => config.server,
    providerClient(instanceName) {
      const provider = providers.get(instanceName);
      if (provider) return provider;
      throw new ConfigError(`no provider instance "${instanceName}" was built`, {
        file: config.file,
        pointer: "/providers",
        fix: "name an instance that some client's chain uses",
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      await closeAll(closers);
    },
  };
}
