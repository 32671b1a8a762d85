import { inspect } from "node:util";

/**
 * Every place a secret could leak from an error: message, stack, JSON form, util.inspect (which
 * walks `cause`), and each cause's message and stack.
 */
export function describeErrorForLeakCheck(error: unknown): string[] {
  const texts: string[] = [inspect(error, { depth: 8 })];
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current !== undefined && current !== null; depth++) {
    if (current instanceof Error) {
      texts.push(current.message, current.stack ?? "");
      try {
        texts.push(JSON.stringify(current));
      } catch {
        texts.push("[unserialisable]");
      }
      current = current.cause;
    } else {
      texts.push(String(current));
      current = undefined;
    }
  }
  return texts;
}

/**
 * Returns the texts that hold the secret, or any 8-character run of its `distinctive` tail (a
 * partial leak such as a key cut in a log line still counts).
 */
export function findSecretLeaks(texts: readonly string[], secret: string, distinctive: string): string[] {
  const needles = new Set([secret]);
  for (let start = 0; start + 8 <= distinctive.length; start++)
    needles.add(distinctive.slice(start, start + 8));
  return texts.filter((text) => [...needles].some((needle) => text.includes(needle)));
}
