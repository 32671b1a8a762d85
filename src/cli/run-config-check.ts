import { parseArgs } from "node:util";
import { loadConfig } from "../config/load-config.js";
import type { ResolvedConfig } from "../config/types.js";
import { createRuntime } from "../kernel/create-runtime.js";
import { type CliIo, EXIT } from "./cli-io.js";
import { CONFIG_CHECK_HELP } from "./help-texts.js";

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

/** A base URL without credentials or query, where a key may hide (`?key=` for Google REST). */
function safeUrl(url: string): string {
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

function formatParams(params: Record<string, unknown>): string {
  const entries = Object.entries(params);
  return entries.length ? ` ${JSON.stringify(params)}` : "";
}

export async function runConfigCheck(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { config: { type: "string" }, help: { type: "boolean", short: "h", default: false } },
  });
  if (values.help) {
    io.stdout.write(CONFIG_CHECK_HELP);
    return EXIT.ok;
  }
  const options = { configPath: values.config, cwd: io.cwd, env: io.env };
  const config = await loadConfig(options);
  // Building the runtime checks what the schema cannot: plugins, their options, types and keys.
  const runtime = await createRuntime(options);
  await runtime.close();
  io.stdout.write(
    `config: ${config.file ?? (config.isDefault ? "(none found: default config)" : "(inline)")}\n`,
  );
  io.stdout.write(`plugins: ${config.plugins.map((plugin) => plugin.use).join(", ") || "(none)"}\n`);
  io.stdout.write("providers:\n");
  for (const [name, instance] of Object.entries(config.providers)) {
    io.stdout.write(
      `  ${name}: type ${instance.type}${describeWhere(instance)}, ${describeKey(config, name)}\n`,
    );
  }
  io.stdout.write("clients:\n");
  for (const client of Object.values(config.clients)) {
    io.stdout.write(`  ${client.name} (timeout ${client.timeoutMs} ms):\n`);
    for (const [index, target] of client.targets.entries()) {
      const role = index === 0 ? "primary " : `fallback ${index}`;
      io.stdout.write(`    ${role}  ${target.provider} ${target.model}${formatParams(target.params)}\n`);
    }
  }
  io.stdout.write("config is valid\n");
  return EXIT.ok;
}
