import { loadConfig } from "../config/load-config.js";
import type { ResolvedConfig, TargetConfig } from "../config/types.js";
import { createRuntime, type Runtime } from "../kernel/create-runtime.js";
import { type CliIo, EXIT } from "./cli-io.js";
import { createCliLogger } from "./create-cli-logger.js";
import { describeConfig, safeUrl, secretMasker } from "./describe-config.js";
import { CONFIG_CHECK_HELP } from "./help-texts.js";
import { notesOnConfig } from "./notes-on-config.js";
import { parseCommandArgs } from "./parse-command-args.js";

/** How an instance authenticates, without any character of a key. */
function describeKey(config: ResolvedConfig, name: string): string {
  const instance = config.providers[name];
  if (instance.apiKey) return "apiKey ****";
  if (instance.type === "azure-openai" && typeof instance.tokenProvider === "string") {
    return `Microsoft Entra ID token from ${instance.tokenProvider}`;
  }
  if (instance.type === "google-vertex") {
    return typeof instance.credentialsFile === "string"
      ? `Google credentials from ${instance.credentialsFile}`
      : "Google Application Default Credentials";
  }
  return "apiKey from the environment (or none needed)";
}

/** Where an instance's requests go: its base URL, or what the cloud providers address by. */
function describeWhere(instance: ResolvedConfig["providers"][string]): string {
  const parts: string[] = [];
  const url = instance.baseURL ?? (instance.type === "azure-openai" ? instance.endpoint : undefined);
  if (typeof url === "string") parts.push(`at ${safeUrl(url)}`);
  if (instance.type === "azure-openai") {
    parts.push(`deployment ${typeof instance.deployment === "string" ? instance.deployment : "(the model)"}`);
    parts.push(`api-version ${String(instance.apiVersion)}`);
  }
  if (instance.type === "google-vertex")
    parts.push(`project ${String(instance.project)}, location ${String(instance.location)}`);
  return parts.length ? ` ${parts.join(", ")}` : "";
}

function formatParams(params: Record<string, unknown>): string {
  const entries = Object.entries(params);
  return entries.length ? ` ${JSON.stringify(params)}` : "";
}

/** The shared params each target's provider plugin would leave out, by its own table. */
function droppedParamsByTarget(config: ResolvedConfig, runtime: Runtime): Map<TargetConfig, string[]> {
  const dropped = new Map<TargetConfig, string[]>();
  for (const client of Object.values(config.clients)) {
    for (const target of client.targets) {
      const provider = runtime.providerClient(target.provider);
      dropped.set(target, provider.unsupportedParams?.(target.params, target.model) ?? []);
    }
  }
  return dropped;
}

export async function runConfigCheck(args: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs("config check", args, {
    config: { type: "string" },
    json: { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  });
  if (values.help) {
    io.stdout.write(CONFIG_CHECK_HELP);
    return EXIT.ok;
  }
  const options = { configPath: values.config, cwd: io.cwd, env: io.env };
  const config = await loadConfig(options);
  // Building the runtime checks what the schema cannot: plugins, their options, types and keys.
  const runtime = await createRuntime({ ...options, logger: createCliLogger(config.logging.level, io) });
  const dropped = droppedParamsByTarget(config, runtime);
  await runtime.close();
  if (values.json) {
    io.stdout.write(`${JSON.stringify(describeConfig(config, io.env, dropped), null, 2)}\n`);
    return EXIT.ok;
  }
  const lines = [
    `config: ${config.file ?? (config.isDefault ? "(none found: default config)" : "(inline)")}`,
    `plugins: ${config.plugins.map((plugin) => plugin.use).join(", ") || "(none)"}`,
    "providers:",
  ];
  for (const [name, instance] of Object.entries(config.providers)) {
    lines.push(`  ${name}: type ${instance.type}${describeWhere(instance)}, ${describeKey(config, name)}`);
  }
  lines.push("clients:");
  for (const client of Object.values(config.clients)) {
    lines.push(`  ${client.name} (timeout ${client.timeoutMs} ms):`);
    for (const [index, target] of client.targets.entries()) {
      const role = index === 0 ? "primary " : `fallback ${index}`;
      lines.push(`    ${role}  ${target.provider} ${target.model}${formatParams(target.params)}`);
      const left = dropped.get(target);
      if (left?.length) lines.push(`              leaves out (not supported there): ${left.join(", ")}`);
    }
  }
  lines.push(...(await notesOnConfig(config, io.cwd)));
  const clientCount = Object.keys(config.clients).length;
  lines.push(
    clientCount ? "config is valid" : "config is valid, but defines no clients: there is nothing to call",
  );
  // Params may hold a key through ${VAR}: nothing printed may show a secret the config knows.
  const mask = secretMasker(config, io.env);
  io.stdout.write(`${lines.map(mask).join("\n")}\n`);
  return EXIT.ok;
}
