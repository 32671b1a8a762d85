/**
 * Writes docs/configuration.md from the JSON schemas (run: npx tsx scripts/generate-config-docs.ts).
 * With --check, writes nothing and exits 1 when the committed page is out of date.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { loadBuiltinPlugins } from "./config-docs/load-builtin-plugins.js";
import { REGENERATE_COMMAND, renderConfigurationDoc } from "./config-docs/render-configuration-doc.js";

const root = fileURLToPath(new URL("../", import.meta.url));
const target = fileURLToPath(new URL("../docs/configuration.md", import.meta.url));
const page = renderConfigurationDoc(root, await loadBuiltinPlugins(root));

if (process.argv.includes("--check")) {
  const current = readFileSync(target, "utf8");
  if (current !== page) {
    process.stderr.write(`docs/configuration.md is out of date: run ${REGENERATE_COMMAND}\n`);
    process.exit(1);
  }
} else {
  writeFileSync(target, page);
  process.stdout.write("wrote docs/configuration.md\n");
}
