import { randomInt } from "node:crypto";
import type { ProviderName } from "./fault-providers.js";

/** The secrets every fault test hands the runtime; none may show up in any sink. */
export interface Canaries {
  readonly openai: string;
  readonly anthropic: string;
  readonly google: string;
  /** The key of a second account (a `<provider>-backup` instance), for fallbacks between accounts. */
  readonly backup: string;
}

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/**
 * Letters and digits drawn at random: 62^8 possible 8-character runs, so no log line or error
 * text holds one of them by chance (hex would collide with request ids and hashes far sooner).
 */
function randomTail(length: number): string {
  return Array.from({ length }, () => ALPHABET[randomInt(ALPHABET.length)]).join("");
}

export function createCanaries(): Canaries {
  return {
    openai: `sk-proj-${randomTail(40)}`,
    anthropic: `sk-ant-api03-${randomTail(40)}`,
    google: `AIza${randomTail(35)}`,
    backup: `sk-backup-${randomTail(40)}`,
  };
}

export function canaryOf(canaries: Canaries, provider: ProviderName, backup: boolean): string {
  return backup ? canaries.backup : canaries[provider];
}

/** The whole key and every 8-character run of it: a key cut short in a log line still leaks. */
export function canaryNeedles(canaries: Canaries): string[] {
  const needles = new Set<string>();
  for (const key of Object.values(canaries)) {
    needles.add(key);
    for (let start = 0; start + 8 <= key.length; start++) needles.add(key.slice(start, start + 8));
  }
  return [...needles];
}

/** Each text holding a needle, with the needle found, for a readable failure. */
export function findCanaries(texts: readonly string[], needles: readonly string[]): string[] {
  const found: string[] = [];
  for (const text of texts) {
    const needle = needles.find((candidate) => text.includes(candidate));
    if (needle) found.push(`${JSON.stringify(needle)} in: ${text.slice(0, 300)}`);
  }
  return found;
}
