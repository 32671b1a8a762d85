import { fileURLToPath } from "node:url";

/** Absolute path of a plugin module in test/faults/fixtures, for a config's `plugins` entry. */
export function faultFixture(name: string): string {
  return fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
}
