/**
 * Compiles the runtime's own JSON schemas (the config's, the built-in plugins' options and provider
 * instances) into standalone validators under src/config/precompiled-validators/, so a runtime of
 * built-in plugins never loads ajv (run: node --import tsx scripts/compile-schemas.ts).
 * With --check, writes nothing and exits 1 when the committed modules are out of date.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { collectBuiltinSchemas } from "./compile-schemas/collect-builtin-schemas.js";
import {
  OUTPUT_FOLDER,
  REGENERATE_COMMAND,
  renderPrecompiledValidators,
} from "./compile-schemas/render-precompiled-validators.js";

const root = fileURLToPath(new URL("../", import.meta.url));
const folder = join(root, OUTPUT_FOLDER);
const files = renderPrecompiledValidators(await collectBuiltinSchemas(root));

if (process.argv.includes("--check")) {
  const stale = [...files].filter(([name, text]) => {
    try {
      return readFileSync(join(folder, name), "utf8") !== text;
    } catch {
      return true;
    }
  });
  if (stale.length > 0) {
    const names = stale.map(([name]) => `${OUTPUT_FOLDER}/${name}`).join(", ");
    process.stderr.write(`${names} out of date: run ${REGENERATE_COMMAND}\n`);
    process.exit(1);
  }
} else {
  mkdirSync(folder, { recursive: true });
  for (const [name, text] of files) writeFileSync(join(folder, name), text);
  process.stdout.write(`wrote ${[...files.keys()].map((name) => `${OUTPUT_FOLDER}/${name}`).join(", ")}\n`);
}
