/**
 * Reads responses recorded from the real provider APIs by another project. They live beside the
 * repository at `../shared/fixtures/recorded/<provider>/` and are never copied into it, so every
 * reader returns undefined when the folder (or the file) is absent, as on a user's fresh clone.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { SseEvent } from "./fake-server-types.js";

/** The repository root: the nearest folder above this file holding llm-runtime's package.json. */
function findRepositoryRoot(): string | undefined {
  let folder = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(folder, "package.json");
    if (existsSync(manifest) && isRuntimeManifest(manifest)) return folder;
    const parent = dirname(folder);
    if (parent === folder) return undefined;
    folder = parent;
  }
}

function isRuntimeManifest(manifest: string): boolean {
  try {
    return (JSON.parse(readFileSync(manifest, "utf8")) as { name?: unknown }).name === "llm-runtime";
  } catch {
    return false;
  }
}

/** Absolute path of the recorded-fixtures folder, or undefined when it is absent. */
export function recordedFixturesDirectory(): string | undefined {
  const root = findRepositoryRoot();
  if (root === undefined) return undefined;
  const folder = join(root, "..", "shared", "fixtures", "recorded");
  return existsSync(folder) ? folder : undefined;
}

function readRecordedText(provider: string, fileName: string): string | undefined {
  const folder = recordedFixturesDirectory();
  if (folder === undefined) return undefined;
  const file = join(folder, provider, fileName);
  return existsSync(file) ? readFileSync(file, "utf8") : undefined;
}

/** The parsed body of `<provider>/<name>.json` (e.g. `("openai", "openai-text")`), or undefined. */
export function readRecordedJson(provider: string, name: string): unknown {
  const text = readRecordedText(provider, `${name}.json`);
  return text === undefined ? undefined : JSON.parse(text);
}

/**
 * The stream `<provider>/<name>.chunks.txt` as SSE events (one JSON payload per line, empty lines
 * skipped), or undefined. `eventFromType` names each event by its `type` field (Anthropic framing).
 */
export function readRecordedChunks(
  provider: string,
  name: string,
  options: { eventFromType?: boolean } = {},
): SseEvent[] | undefined {
  const text = readRecordedText(provider, `${name}.chunks.txt`);
  if (text === undefined) return undefined;
  return text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => {
      const data = JSON.parse(line) as { type?: unknown };
      return options.eventFromType && typeof data.type === "string" ? { event: data.type, data } : { data };
    });
}
