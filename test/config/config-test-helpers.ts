import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { inspect } from "node:util";
import { expect } from "chai";
import { type ConfigError, isLLMError } from "../../src/errors/index.js";

/** A fake API key; no error, log line or message may ever hold it (or its first 16 characters). */
export const CANARY = "sk-canary-config-0123456789abcdef";

/** A fresh folder under the OS temp folder, removed by `removeTempDirs`. */
const created: string[] = [];

export async function makeTempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "llm-config-test-"));
  created.push(dir);
  return dir;
}

export async function removeTempDirs(): Promise<void> {
  await Promise.all(created.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}

/** Writes files (paths relative to `root`; objects are written as JSON). */
export async function writeFiles(root: string, files: Record<string, string | object>): Promise<void> {
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(root, name);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, typeof content === "string" ? content : JSON.stringify(content, null, 2));
  }
}

/** Every text an error can show: message, stack, JSON, util.inspect, and each cause's. */
export function errorTexts(error: unknown): string[] {
  const texts: string[] = [JSON.stringify(error) ?? "", inspect(error, { depth: 10 })];
  for (let current = error, hops = 0; current instanceof Error && hops < 10; hops++) {
    texts.push(current.message, current.stack ?? "");
    current = current.cause;
  }
  return texts;
}

export function expectNoCanary(error: unknown, canary = CANARY): void {
  for (const text of errorTexts(error)) expect(text).not.to.include(canary.slice(0, 16));
}

/** Awaits a promise that must reject with a ConfigError holding no canary; returns the error. */
export async function expectConfigError(promise: Promise<unknown>): Promise<ConfigError> {
  let caught: unknown;
  try {
    await promise;
  } catch (error) {
    caught = error;
  }
  expect(isLLMError(caught, "config"), `expected a ConfigError, got ${inspect(caught)}`).to.equal(true);
  expectNoCanary(caught);
  return caught as ConfigError;
}
