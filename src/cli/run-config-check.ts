import { loadConfig } from "../config/load-config.js";
import type { ResolvedConfig, TargetConfig } from "../config/types.js";
import { createRuntime, type Runtime } from "../kernel/create-runtime.js";
import { type CliIo, EXIT } from "./cli-io.js";
import { describeConfig, safeUrl, secretMasker } from "./describe-config.js";
import { CONFIG_CHECK_HELP } from "./help-texts.js";
import { notesOnConfig } from "./notes-on-config.js";
import { parseCommandArgs } from "./parse-command-args.js";

/** Says whether a key is set in the config, without any of its characters. */
function describeKey(config: ResolvedConfig, name: string): string {
  return config.providers[name].apiKey ? "apiKey ****" : "apiKey from the environment (or none needed)";
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
  const runtime = await createRuntime(options);
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
    const where = instance.baseURL ? ` at ${safeUrl(instance.baseURL)}` : "";
    lines.push(`  ${name}: type ${instance.type}${where}, ${describeKey(config, name)}`);
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
